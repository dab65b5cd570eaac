"""Persoon: who the client is, their doelgroep and benefit, language, contact and address.

These fields and the key dates on the Termijnen tab are one form, saved together (Ctrl+S)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.enums import Doelgroep
from inburgering_desktop.i18n import _
from inburgering_desktop.ui.form_fields import (
    CheckField,
    CountryField,
    DateField,
    EnumField,
    FieldForm,
    LanguageField,
    TextField,
    add_row,
)

# The model's column lengths, so the field refuses nothing the database would cut off.
NAME_LENGTH = 200


def required(text: str) -> str:
    return _("{label} *").format(label=text)


def _group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    layout = QFormLayout(box)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, layout


class PersonTab(QScrollArea):
    """The person's fields, registered in the editor's form under the services' field names."""

    def __init__(self, form: FieldForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_person")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        grid = QGridLayout(page)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        def field(layout: QFormLayout, name: str, text: str, widget: object) -> None:
            form.add(name, widget)  # type: ignore[arg-type]
            add_row(layout, text, widget)  # type: ignore[arg-type]

        person, rows = _group(_("Persoon"))
        field(rows, "family_name", required(_("Achternaam")), TextField(max_length=NAME_LENGTH))
        field(rows, "given_names", _("Voornamen"), TextField(max_length=NAME_LENGTH))
        field(
            rows,
            "name_original_script",
            _("Naam in eigen schrift"),
            TextField(placeholder=_("bijvoorbeeld in Arabisch of Ge'ez schrift"),
                      max_length=NAME_LENGTH),
        )
        field(rows, "birth_date", required(_("Geboortedatum")), DateField())
        field(rows, "bsn", _("BSN"), TextField(placeholder=_("9 cijfers"), max_length=20))
        field(rows, "v_number", _("V-nummer"), TextField(placeholder=_("10 cijfers"),
                                                         max_length=20))
        field(rows, "nationality", _("Nationaliteit"), CountryField())
        field(rows, "country_of_birth", _("Geboorteland"), CountryField())

        target, rows = _group(_("Doelgroep en uitkering"))
        field(rows, "doelgroep", required(_("Doelgroep")), EnumField(Doelgroep, _("(kies)")))
        field(rows, "pw_benefit", _("Uitkering"), CheckField(_("Participatiewet-uitkering")))
        hint = QLabel(
            _(
                "Doelgroep, vergunningsdatum en uitkering bepalen het aanbod; "
                "zie het tabblad Termijnen."
            )
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        rows.addRow(hint)

        language, rows = _group(_("Taal"))
        field(rows, "language_code", _("Taal"), LanguageField())
        field(rows, "interpreter_needed", _("Tolk"), CheckField(_("Tolk nodig bij gesprekken")))

        contact, rows = _group(_("Contact"))
        field(rows, "phone", _("Telefoon"), TextField(max_length=40))
        field(rows, "email", _("E-mail"), TextField(max_length=254))

        address, rows = _group(_("Adres"))
        field(rows, "street", _("Straat"), TextField(max_length=NAME_LENGTH))
        field(rows, "house_number", _("Huisnummer"), TextField(max_length=20))
        field(rows, "postal_code", _("Postcode"), TextField(placeholder="1234 AB", max_length=10))
        field(rows, "city", _("Woonplaats"), TextField(max_length=NAME_LENGTH))

        left = QVBoxLayout()
        left.addWidget(person)
        left.addWidget(language)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(target)
        right.addWidget(contact)
        right.addWidget(address)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self.setWidget(page)
