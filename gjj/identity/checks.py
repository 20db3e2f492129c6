"""`manage.py check --deploy` warns while the captcha accepts the test answer."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def captcha_test_mode_check(app_configs, **kwargs):
    if getattr(settings, "CAPTCHA_TEST_MODE", False):
        return [
            checks.Warning(
                "GJJ_CAPTCHA_TEST_MODE is on: the captcha accepts the answer PASSED.",
                hint="验证码测试模式只用于自动化验收环境，生产环境请关闭 GJJ_CAPTCHA_TEST_MODE。",
                id="gjj.identity.W001",
            )
        ]
    return []
