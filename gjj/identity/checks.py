"""`manage.py check --deploy` warns while the captcha accepts the test answer or the test
switch is on."""

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


@checks.register(checks.Tags.security, deploy=True)
def testing_switch_check(app_configs, **kwargs):
    if getattr(settings, "TESTING", False):
        return [
            checks.Warning(
                "GJJ_TESTING is on: development keys, cookies without Secure, no HTTPS redirect.",
                hint="GJJ_TESTING 只用于自动化测试，生产环境请关闭它和 GJJ_ALLOW_TEST_MODE。",
                id="gjj.identity.W002",
            )
        ]
    return []
