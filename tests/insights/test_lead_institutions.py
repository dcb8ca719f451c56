"""The rules that read a plan's kind of lead institution from its text (docs/nap-features.md)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from insights.features import LEAD_KINDS, classify_lead

DATA = Path(__file__).resolve().parents[2] / "data" / "frameworks"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Blank or missing: unknown, never other.
        (None, "unknown"),
        ("", "unknown"),
        ("   ", "unknown"),
        # Each kind in English, French, Spanish and Portuguese, case and accents aside.
        ("Ministry of Foreign Affairs", "foreign-affairs"),
        ("Ministère des Affaires étrangères", "foreign-affairs"),
        ("MINISTERE DES AFFAIRES ETRANGERES", "foreign-affairs"),
        ("Ministerio de Relaciones Exteriores", "foreign-affairs"),
        ("Ministério dos Negócios Estrangeiros", "foreign-affairs"),
        ("Global Affairs Canada", "foreign-affairs"),
        ("Department of International Relations and Cooperation (DIRCO)", "foreign-affairs"),
        ("Federal Ministry for European and International Affairs", "foreign-affairs"),
        ("Ministry of External Affairs", "foreign-affairs"),
        ("Ministry of Defence (task force)", "defence"),
        ("Department of Defense", "defence"),
        ("Ministerio de Defensa", "defence"),
        ("Ministère de la Défense", "defence"),
        ("Ministry of Gender, Children and Social Protection", "gender"),
        ("Ministry of Women's Affairs", "gender"),
        ("Ministère de la Femme et de la Famille", "gender"),
        ("Ministerio de la Mujer y Equidad de Género", "gender"),
        ("Council for Gender Equality", "gender"),
        ("Ministry of Social Affairs, Women's and Children's Promotion", "gender"),
        ("Ministry of Interior", "interior"),
        ("Ministère de l'Intérieur", "interior"),
        ("Ministry of Home Affairs", "interior"),
        # None of the keywords: other.
        ("Ministry of Peace and Reconstruction", "other"),
        ("Interdepartmental Working Group (IDWG 1325)", "other"),
        # Bodies named after a bracket, "with" or "including" take part but do not lead.
        ("Ministry of Foreign Affairs (with the Ministry of Women)", "foreign-affairs"),
        ("Ministry of Women with the Ministries of Defence and Foreign Affairs", "gender"),
        ("Nine ministries including the Ministry of Gender Equality", "other"),
        ("Council of Ministers (on proposal of the Minister of the Interior)", "other"),
        ("Cabinet; Ministry of Defence", "other"),
        # "led by", "coordinated by", "chaired by" name the lead.
        ("Inter-agency working group led by the Ministry of Interior", "interior"),
        ("Working Group coordinated by the Ministry for Foreign Affairs", "foreign-affairs"),
        ("Commission chaired by the Minister for Gender", "gender"),
        # ... but not inside a part that only takes part.
        ("Ministry of Defence, with signatories coordinated by WO=MEN", "defence"),
        # The first body named leads.
        ("Ministry of Foreign Affairs and Ministry of Defence", "foreign-affairs"),
        ("Ministry of Defence and Ministry of Foreign Affairs", "defence"),
        ("Foreign and Commonwealth Office, Ministry of Defence", "foreign-affairs"),
        # The agenda's name is not a women's ministry.
        ("National Steering Committee on Women, Peace and Security", "other"),
        ("Cross-administrative WPS group", "other"),
        # Keywords match at word starts only: "Mainterior" is not the interior.
        ("Mainterior Agency", "other"),
    ],
)
def test_rule(text, kind):
    assert classify_lead(text) == kind


# A sample of the real data's values, checked by hand against the plans' sources.
REAL_SAMPLE = {
    "Ministry of Foreign Affairs, Ministry of Defence and Danish National Police "
    "(inter-ministerial working group)": "foreign-affairs",
    "Inter-Ministerial Working Group (Ministries of Foreign Affairs and Defence, Danish National "
    "Police)": "other",
    "Agency for Gender Equality of BiH (Ministry for Human Rights and Refugees)": "gender",
    "Coordinating Ministry for Human Development and Culture (Regulation No. 5/2021), with the "
    "Ministry of Women's Empowerment and Child Protection": "other",
    "Federal Ministry of Women Affairs and Social Development": "gender",
    "Ministries of Foreign Affairs, Defence, Education, Culture and Science, and Justice and "
    "Security, with 60+ civil society signatories coordinated by WO=MEN": "foreign-affairs",
    "National Steering Committee on Women, Peace and Security (Technical Working Group), "
    "published by OPAPP": "other",
    "Inter-agency working group led by the Ministry of Interior": "interior",
    "Ministry of Public Service and Gender, with the Ministry of Interior and Coordination of "
    "National Government": "gender",
    "White House National Security Council staff (interagency group); State, Defense and USAID "
    "as main implementers": "other",
    "Ministry of Defence (task force)": "defence",
    "Inter-ministerial Working Group coordinated by the Federal Ministry for European and "
    "International Affairs": "foreign-affairs",
    "Jordanian National Commission for Women with the National Coalition on UNSCR 1325": "gender",
}


def real_leads():
    return [
        record.get("lead_institution")
        for path in sorted(DATA.glob("*.json"))
        for record in json.loads(path.read_text(encoding="utf-8"))["frameworks"]
        if record["kind"] == "nap"
    ]


def test_a_sample_of_the_real_data():
    leads = set(real_leads())
    for text, kind in REAL_SAMPLE.items():
        assert text in leads, text
        assert classify_lead(text) == kind, text


def test_every_real_value_has_a_kind_and_the_totals_were_reviewed():
    kinds = Counter(classify_lead(text) for text in real_leads())
    assert set(kinds) <= {code for code, _ in LEAD_KINDS}
    # Every distinct value was read and its kind checked by hand when the rules were written.
    assert kinds == {
        "foreign-affairs": 37,
        "defence": 1,
        "gender": 33,
        "interior": 3,
        "other": 16,
        "unknown": 35,
    }
