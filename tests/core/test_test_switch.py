"""Finding 7: the test switch (development keys, no Secure cookies, no HTTPS redirect) cannot
be turned on in production: the start is refused, as for the captcha's test mode."""

from tests.identity.test_production_settings import KEYS, run


def test_gjj_testing_outside_the_test_runner_refuses_to_start():
    for env in ({"GJJ_DEBUG": "0", **KEYS}, {"GJJ_DEBUG": "0"}):
        result = run(["-c", "import django; django.setup()"], GJJ_TESTING="1", **env)
        assert result.returncode != 0
        assert "GJJ_TESTING" in result.stderr and "GJJ_ALLOW_TEST_MODE" in result.stderr


def test_an_acceptance_environment_says_so_twice_and_check_deploy_warns():
    result = run(
        ["manage.py", "check", "--deploy"],
        GJJ_DEBUG="0",
        GJJ_TESTING="1",
        GJJ_ALLOW_TEST_MODE="1",
        GJJ_ALLOWED_HOSTS="gjj.example.cn",
        **KEYS,
    )
    assert "gjj.identity.W002" in result.stdout + result.stderr


def test_check_deploy_is_clean_in_production():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        GJJ_DEBUG="0",
        GJJ_ALLOWED_HOSTS="gjj.example.cn",
        GJJ_TRUSTED_PROXIES="127.0.0.1",
        **KEYS,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
