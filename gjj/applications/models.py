from django.conf import settings
from django.db import models
from django.db.models import Q

from gjj.core.fields import money_field


class State(models.TextChoices):
    """Where an application written in the hall stands. Imported ones (the core system's own
    records) have no state: the hall only shows them."""

    SUBMITTED = "submitted", "已提交，待受理"
    REVIEW = "review", "审核中"
    RETURNED = "returned", "退回补正"
    APPROVED = "approved", "待入账"
    EXPORTED = "exported", "已报送，待入账"
    DONE = "done", "办结"
    REFUSED = "refused", "不予办理"
    WITHDRAWN = "withdrawn", "已撤回"


IN_PROGRESS = (State.SUBMITTED, State.REVIEW, State.RETURNED, State.APPROVED, State.EXPORTED)
FINISHED = (State.DONE, State.REFUSED, State.WITHDRAWN)


class Business(models.Model):
    """业务流程: one business the hall takes online (提取, later 提前还款, 贷款申请) and its review
    nodes, as data the center edits. `nodes` is a list of {"name", "role"} and an optional
    "above" (an amount: the node is added only when the application's amount is larger)."""

    code = models.CharField("业务代码", max_length=20, unique=True)
    ywlx = models.CharField("业务类型", max_length=40)
    nodes = models.JSONField("审核节点", default=list)
    time_limit_days = models.PositiveSmallIntegerField("办理时限(工作日)", default=3)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "业务流程"
        verbose_name_plural = "业务流程"

    def __str__(self):
        return self.ywlx


class Application(models.Model):
    """业务申请: a business process a depositor started, with its approval nodes."""

    sqid = models.CharField("申请编号", max_length=40, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="发起人",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    ywlx = models.CharField("业务类型", max_length=40)
    ywxx = models.CharField("业务信息", max_length=120)
    contract = models.ForeignKey(
        "loans.LoanContract",
        verbose_name="借款合同",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    fqsj = models.DateTimeField("发起时间")
    wcsj = models.DateTimeField("完成时间", null=True, blank=True)
    # Written in the hall (empty for the core system's own records):
    business = models.CharField("业务代码", max_length=20, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, blank=True)
    version = models.PositiveIntegerField("版本", default=0)
    current_xh = models.PositiveSmallIntegerField("当前节点", null=True, blank=True)
    current_role = models.CharField("当前办理岗位", max_length=10, blank=True)
    amount = money_field("金额", null=True, blank=True)
    detail = models.JSONField("业务数据", default=dict, blank=True)
    submit_token = models.CharField(
        "提交令牌", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    approved_at = models.DateTimeField("审批通过时间", null=True, blank=True)
    exported_at = models.DateTimeField("报送时间", null=True, blank=True)

    class Meta:
        verbose_name = "业务申请"
        verbose_name_plural = "业务申请"
        ordering = ["-fqsj", "-id"]
        indexes = [
            models.Index(fields=["person", "-fqsj"], name="app_person_time"),
            models.Index(fields=["current_role", "state", "fqsj", "id"], name="app_queue"),
        ]
        constraints = [
            # 同一用户同一时间同一业务只能发起一次交易 (建金〔2016〕14号), held by the database.
            models.UniqueConstraint(
                fields=["person", "business"],
                condition=Q(state__in=[s.value for s in IN_PROGRESS]),
                name="app_one_in_progress",
            )
        ]

    def __str__(self):
        return f"{self.ywlx} {self.ywxx}"

    @property
    def is_done(self) -> bool:
        return self.wcsj is not None

    @property
    def is_hall(self) -> bool:
        return bool(self.business)

    @property
    def in_progress(self) -> bool:
        return self.state in IN_PROGRESS


class ApplicationStep(models.Model):
    """A node of an application's flow; `blsj` is empty for nodes not reached yet."""

    class Kind(models.TextChoices):
        START = "start", "任务发起"
        STAFF = "staff", "人工审核"
        AUTO = "auto", "系统自动审核"
        CORE = "core", "核心系统"

    application = models.ForeignKey(
        Application, verbose_name="业务申请", on_delete=models.CASCADE, related_name="steps"
    )
    xh = models.PositiveSmallIntegerField("序号")
    jdmc = models.CharField("节点名称", max_length=40)
    blr = models.CharField("办理人", max_length=60, blank=True)
    spyj = models.CharField("审批意见", max_length=200, blank=True)
    blsj = models.DateTimeField("办理时间", null=True, blank=True)
    kind = models.CharField("节点类型", max_length=5, choices=Kind.choices, blank=True)
    role = models.CharField("办理角色", max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "业务节点"
        verbose_name_plural = "业务节点"
        ordering = ["application", "xh"]
        constraints = [
            models.UniqueConstraint(fields=["application", "xh"], name="appstep_unique_order")
        ]

    def __str__(self):
        return f"{self.xh} {self.jdmc}"


class Draft(models.Model):
    """An application being filled in (before 确认提交): one per person and business."""

    person = models.ForeignKey(
        "people.Person", verbose_name="缴存人", on_delete=models.CASCADE, related_name="+"
    )
    business = models.CharField("业务代码", max_length=20)
    token = models.CharField("提交令牌", max_length=40, unique=True)
    data = models.JSONField("填写内容", default=dict)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "申请草稿"
        verbose_name_plural = "申请草稿"
        constraints = [
            models.UniqueConstraint(fields=["person", "business"], name="draft_one_per_business")
        ]

    def __str__(self):
        return f"{self.business} {self.updated_at:%Y-%m-%d %H:%M}"


class Material(models.Model):
    """申请材料: an uploaded file, kept outside any public URL (settings.GJJ_MEDIA_ROOT) and
    served only by views that check ownership or role. Belongs to a draft until submission."""

    person = models.ForeignKey(
        "people.Person", verbose_name="缴存人", on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name="业务申请",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    draft = models.ForeignKey(
        Draft,
        verbose_name="草稿",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    name = models.CharField("材料名称", max_length=60)
    filename = models.CharField("文件名", max_length=120)
    path = models.CharField("存储位置", max_length=200, editable=False)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小(字节)")
    sha256 = models.CharField("SHA-256", max_length=64)
    round = models.PositiveSmallIntegerField("补正轮次", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.name} {self.filename}"


class Event(models.Model):
    """The history of an application: every change, who made it, before → after."""

    application = models.ForeignKey(
        Application, verbose_name="业务申请", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("办理人", max_length=60)
    action = models.CharField("操作", max_length=20)
    node = models.CharField("节点", max_length=40, blank=True)
    opinion = models.CharField("意见", max_length=200, blank=True)
    before = models.CharField("变更前", max_length=10, blank=True)
    after = models.CharField("变更后", max_length=10, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action}"
