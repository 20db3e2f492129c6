from gjj.core.masking import mask_card, mask_id_number, mask_name, mask_phone


def test_phone_keeps_first_three_and_last_four():
    assert mask_phone("18712349858") == "187****9858"


def test_id_number_hides_birth_date_and_sequence():
    assert mask_id_number("370402199001011234") == "370402********1234"


def test_short_id_numbers_keep_only_first_and_last():
    assert mask_id_number("G1234567") == "G******7"


def test_bank_card_keeps_first_and_last_four():
    assert mask_card("6222021234561234") == "6222****1234"


def test_empty_values_stay_empty():
    assert mask_phone("") == "" and mask_id_number("") == "" and mask_card("") == ""


def test_names_in_staff_lists_keep_the_surname():
    assert mask_name("张三丰") == "张**"
