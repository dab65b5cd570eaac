"""Synthetic bilingual letters for the rendering tests and the benchmark.

The texts are test material written for these checks, not the program's letter catalog; the
names are made up ("Ahmad Al-Tajriba / أحمد التجربة", "Selam Fetena / ሰላም ፈተና").
Dates and amounts inside right-to-left sentences are wrapped in isolates (U+2066 … U+2069), as
the catalog does, so "14-04-2025" reads as written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from inburgering_desktop.documents.blocks import (
    BulletList,
    Heading,
    KeyValueTable,
    Paragraph,
    Signature,
    Spacer,
)
from inburgering_desktop.documents.layout import LetterDocument, Letterhead, Section

LRI, PDI = "\u2066", "\u2069"
CREATED = datetime(2025, 4, 14, 10, 30, tzinfo=timezone(timedelta(hours=2)))
REFERENCE = "INB-2026-0001"

LETTERHEAD = Letterhead(
    municipality="Gemeente Proefstad",
    department="Team Inburgering",
    address_lines=("Postbus 1234", "9999 ZZ Proefstad"),
    phone="14 0999",
    email="inburgering@proefstad.example",
    website="www.proefstad.example",
    logo=None,
    signatory_name="M. de Proef",
    signatory_title="Klantregisseur inburgering",
)

DUTCH_SENTENCE = (
    "Op 14-04-2025 hebben wij uw persoonlijk plan inburgering en participatie (PIP) "
    "vastgesteld. De kosten van € 1.250,00 betaalt de gemeente voor u."
)


def dutch_section(name: str = "Ahmad Al-Tajriba / أحمد التجربة", note: str = "") -> Section:
    blocks = [
        Paragraph(f"Beste {name},"),
        Paragraph(DUTCH_SENTENCE),
        Heading("Wat betekent dit voor u?"),
        Paragraph(
            "U volgt de leerroute B1. U moet de inburgering binnen drie jaar afronden. "
            "Neem contact met ons op als u vragen heeft over dit besluit."
        ),
        KeyValueTable(
            [
                ("Naam", name),
                ("Leerroute", "B1-route"),
                ("Datum besluit", "14-04-2025"),
                ("Bedrag", "€ 1.250,00"),
            ]
        ),
        BulletList(["Taalcursus op niveau B1", "Module Arbeidsmarkt en Participatie (MAP)"]),
    ]
    if note:
        blocks.append(Paragraph(note))
    blocks += [
        Paragraph("Met vriendelijke groet,"),
        Signature(LETTERHEAD.signatory_name, LETTERHEAD.signatory_title),
    ]
    return Section(
        language="nl",
        direction="ltr",
        heading="Beschikking persoonlijk plan inburgering en participatie",
        date_line="Datum: 14 april 2025",
        blocks=blocks,
    )


# First words, a sentence with a Latin name, and the expected words for extraction checks.
ARABIC_SENTENCE = (
    f"نرحب بالسيد Ahmad Al-Tajriba في البلدية. حددنا خطتك (PIP) بتاريخ {LRI}14-04-2025{PDI} "
    f"وتدفع البلدية التكاليف البالغة {LRI}€ 1.250,00{PDI} عنك. "
    "يجب عليك إنهاء الاندماج خلال ثلاث سنوات."
)

TRANSLATIONS: dict[str, dict[str, object]] = {
    "ar": {
        "direction": "rtl",
        "heading": "قرار خطة الاندماج والمشاركة الشخصية",
        "date": f"التاريخ: {LRI}14-04-2025{PDI}",
        "binding": "النص الهولندي لهذه الرسالة هو النص الملزم قانونيًا.",
        "greeting": "عزيزي أحمد التجربة،",
        "paragraphs": [
            ARABIC_SENTENCE,
            "اتصل بنا إذا كانت لديك أسئلة حول هذا القرار.",
        ],
        "subheading": "ماذا يعني هذا بالنسبة لك؟",
        "rows": [("الاسم", "Ahmad Al-Tajriba / أحمد التجربة"), ("المبلغ", f"{LRI}€ 1.250,00{PDI}")],
        "items": ["دورة لغة بمستوى B1", "وحدة سوق العمل والمشاركة (MAP)"],
        "words": ["نرحب", "بالسيد", "البلدية", "حددنا", "خطتك", "سنوات"],
    },
    "fa": {
        "direction": "rtl",
        "heading": "تصمیم دربارهٔ برنامهٔ شخصی ادغام و مشارکت",
        "date": f"تاریخ: {LRI}14-04-2025{PDI}",
        "binding": "متن هلندی این نامه متن الزام‌آور است.",
        "greeting": "آقای احمد التجربة عزیز،",
        "paragraphs": [
            f"ما می‌خواهیم به شما اطلاع دهیم که برنامهٔ شما (PIP) در تاریخ {LRI}14-04-2025{PDI} "
            f"تعیین شد. هزینهٔ {LRI}€ 1.250,00{PDI} را شهرداری می‌پردازد.",
            "من می‌خواهم هزینهٔ دوره را بپردازم.",
        ],
        "subheading": "این برای شما چه معنایی دارد؟",
        "rows": [("نام", "Ahmad Al-Tajriba / أحمد التجربة"), ("مبلغ", f"{LRI}€ 1.250,00{PDI}")],
        "items": ["دورهٔ زبان در سطح B1", "ماژول بازار کار و مشارکت (MAP)"],
        "words": ["می‌خواهیم", "برنامهٔ", "هزینهٔ", "شهرداری", "می‌خواهم"],
    },
    "prs": {
        "direction": "rtl",
        "heading": "فیصله در مورد پلان شخصی مدغم شدن و اشتراک",
        "date": f"تاریخ: {LRI}14-04-2025{PDI}",
        "binding": "متن هالندی این نامه متن الزامی است.",
        "greeting": "محترم احمد التجربة،",
        "paragraphs": [
            f"پلان شما (PIP) به تاریخ {LRI}14-04-2025{PDI} تعیین شد. "
            f"مصارف {LRI}€ 1.250,00{PDI} را شاروالی می‌پردازد.",
        ],
        "subheading": "این برای شما چه معنی دارد؟",
        "rows": [("نام", "Ahmad Al-Tajriba / أحمد التجربة")],
        "items": ["کورس لسان در سطح B1"],
        "words": ["پلان", "شما", "تعیین", "شاروالی", "می‌پردازد"],
    },
    "ps": {
        "direction": "rtl",
        "heading": "د ادغام او ګډون د شخصي پلان پرېکړه",
        "date": f"نېټه: {LRI}14-04-2025{PDI}",
        "binding": "د دې لیک هالنډي متن قانوني متن دی.",
        "greeting": "ښاغلی احمد التجربة،",
        "paragraphs": [
            f"ستاسو پلان (PIP) په {LRI}14-04-2025{PDI} ټاکل شو. "
            f"ښاروالۍ به د {LRI}€ 1.250,00{PDI} لګښت ورکړي.",
        ],
        "subheading": "دا ستاسو لپاره څه معنی لري؟",
        "rows": [("نوم", "Ahmad Al-Tajriba / أحمد التجربة")],
        "items": ["د B1 کچې د ژبې کورس"],
        "words": ["ستاسو", "پلان", "ټاکل", "ښاروالۍ", "لګښت"],
    },
    "ckb": {
        "direction": "rtl",
        "heading": "بڕیاری پلانی کەسی بۆ تێکەڵبوون و بەشداری",
        "date": f"بەروار: {LRI}14-04-2025{PDI}",
        "binding": "دەقی هۆڵەندی ئەم نامەیە دەقی یاسایی پابەندکەرە.",
        "greeting": "بەڕێز ئەحمەد التجربة،",
        "paragraphs": [
            f"پلانەکەت (PIP) لە {LRI}14-04-2025{PDI} دیاری کرا. "
            f"شارەوانی تێچووی {LRI}€ 1.250,00{PDI} دەدات.",
        ],
        "subheading": "ئەمە بۆ تۆ چی دەگەیەنێت؟",
        "rows": [("ناو", "Ahmad Al-Tajriba / أحمد التجربة")],
        "items": ["خولی زمان لە ئاستی B1"],
        "words": ["پلانەکەت", "دیاری", "شارەوانی", "تێچووی", "دەدات"],
    },
    "ti": {
        "direction": "ltr",
        "heading": "ውሳነ ብዛዕባ ውልቃዊ መደብ ምትእስሳርን ተሳትፎን",
        "date": "ዕለት: 14-04-2025",
        "binding": "ናይዚ ደብዳበ ናይ ሆላንድኛ ጽሑፍ እዩ ሕጋዊ ዝኾነ።",
        "greeting": "ዝኸበርካ ሰላም ፈተና፣",
        "paragraphs": [
            "መደብካ (PIP) ብ 14-04-2025 ተወሲኑ ኣሎ። ምምሕዳር ከተማ ናይ € 1.250,00 ወጻኢ ክኸፍል እዩ።",
        ],
        "subheading": "እዚ ንዓኻ እንታይ ማለት እዩ?",
        "rows": [("ስም", "Selam Fetena / ሰላም ፈተና")],
        "items": ["ናይ B1 ደረጃ ቋንቋ ኮርስ"],
        "words": ["መደብካ", "ተወሲኑ", "ምምሕዳር", "ወጻኢ", "ክኸፍል"],
    },
    "uk": {
        "direction": "ltr",
        "heading": "Рішення щодо особистого плану інтеграції та участі",
        "date": "Дата: 14-04-2025",
        "binding": "Юридично обов'язковим є нідерландський текст цього листа.",
        "greeting": "Шановний Олексію Пробний,",
        "paragraphs": [
            "Ваш план (PIP) затверджено 14-04-2025. Муніципалітет сплачує за вас € 1.250,00.",
        ],
        "subheading": "Що це означає для вас?",
        "rows": [("Ім'я", "Oleksii Probnyi / Олексій Пробний")],
        "items": ["Мовний курс рівня B1"],
        "words": ["Ваш", "план", "затверджено", "Муніципалітет", "сплачує"],
    },
}


def translated_section(language: str) -> Section:
    t = TRANSLATIONS[language]
    blocks = [
        Paragraph(str(t["greeting"])),
        *(Paragraph(str(p)) for p in t["paragraphs"]),  # type: ignore[union-attr]
        Heading(str(t["subheading"])),
        KeyValueTable(t["rows"]),  # type: ignore[arg-type]
        BulletList(t["items"]),  # type: ignore[arg-type]
        Spacer(2),
        Signature(LETTERHEAD.signatory_name, LETTERHEAD.signatory_title),
    ]
    return Section(
        language=language,
        direction=t["direction"],  # type: ignore[arg-type]
        heading=str(t["heading"]),
        date_line=str(t["date"]),
        blocks=blocks,
        binding_note=str(t["binding"]),
    )


def recipient(name: str = "Ahmad Al-Tajriba / أحمد التجربة") -> tuple[str, ...]:
    return (name, "Proefstraat 12", "9999 ZZ Proefstad")


def bilingual(language: str, *, name: str | None = None, note: str = "") -> LetterDocument:
    default = "Selam Fetena / ሰላም ፈተና" if language == "ti" else "Ahmad Al-Tajriba / أحمد التجربة"
    name = name if name is not None else default
    return LetterDocument(
        title="Beschikking persoonlijk plan inburgering en participatie",
        reference=REFERENCE,
        recipient_lines=recipient(name),
        sections=[dutch_section(name, note), translated_section(language)],
        letterhead=LETTERHEAD,
        created=CREATED,
        language_tags=("nl", language),
        keywords=("inburgering", "PIP", "beschikking"),
    )


def long_arabic(repeat: int = 4) -> LetterDocument:
    """A 2–3 page Dutch + Arabic beschikking (for the benchmark and the page-count test)."""
    doc = bilingual("ar")
    dutch, arabic = doc.sections
    extra_nl = [Paragraph(DUTCH_SENTENCE + " " + DUTCH_SENTENCE) for _ in range(repeat)]
    extra_ar = [Paragraph(ARABIC_SENTENCE) for _ in range(repeat)]
    dutch = replace(dutch, blocks=[*dutch.blocks[:2], *extra_nl, *dutch.blocks[2:]])
    arabic = replace(arabic, blocks=[*arabic.blocks[:2], *extra_ar, *arabic.blocks[2:]])
    return replace(doc, sections=[dutch, arabic])


def latin_only() -> LetterDocument:
    """A one-page Dutch letter with Latin text only: the benchmark's baseline."""
    name = "Zoë de Proef"
    return LetterDocument(
        title="Uitnodiging intakegesprek",
        reference=REFERENCE,
        recipient_lines=recipient(name),
        sections=[dutch_section(name)],
        letterhead=LETTERHEAD,
        created=CREATED,
        language_tags=("nl",),
        keywords=("inburgering",),
    )
