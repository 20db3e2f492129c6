import pytest
from django.urls import reverse

from tests.inbox.makers import make_message

pytestmark = pytest.mark.django_db

AUDIO = 'id="notify-sound"'


def test_the_sound_plays_once_when_a_new_unread_message_arrives(client_zhangsan, zhangsan):
    assert AUDIO not in client_zhangsan.get(reverse("hall:home")).content.decode()
    make_message(zhangsan)
    text = client_zhangsan.get(reverse("hall:home")).content.decode()
    assert AUDIO in text and "sounds/notify.wav" in text
    assert AUDIO not in client_zhangsan.get(reverse("hall:home")).content.decode()
    make_message(zhangsan)
    assert AUDIO in client_zhangsan.get(reverse("hall:home")).content.decode()


def test_no_sound_when_the_person_turned_it_off(client_zhangsan, zhangsan):
    client_zhangsan.post(reverse("hall:toggle_sound"))
    make_message(zhangsan)
    assert AUDIO not in client_zhangsan.get(reverse("hall:home")).content.decode()


def test_reading_a_message_is_not_a_new_message(client_zhangsan, zhangsan):
    message = make_message(zhangsan)
    client_zhangsan.get(reverse("hall:home"))
    client_zhangsan.post(reverse("inbox:mark_read", args=[message.pk]))
    assert AUDIO not in client_zhangsan.get(reverse("hall:home")).content.decode()


def test_the_sound_file_is_a_short_wav():
    import wave
    from pathlib import Path

    with wave.open(str(Path("static/sounds/notify.wav"))) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert 0.2 < seconds < 1.0
