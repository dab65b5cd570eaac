"""A letter on screen: the PDF itself in a QPdfView, with Print, Save as and Keep.

Shown for a letter just made (`for_prepared`) and for a letter kept with the dossier
(`for_stored`). Both show the PDF bytes, not a picture of them: what is printed or saved is
exactly what was looked at. A letter just made is kept with the dossier (services.letters.issue)
before it is printed or saved, so no letter leaves the program without its record; it can also
be kept without either ("Vastleggen als verstuurd", for a letter handed over another way).
A stored letter's bytes come from `letters.stored_pdf`, checked against their digest, and are
never rendered anew.
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPageSize, QPainter, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.languages import language as language_info
from inburgering_desktop.i18n import _, ngettext
from inburgering_desktop.services import letters
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.letters import LetterSummary, PreparedLetter
from inburgering_desktop.ui.errors import show_error
from inburgering_desktop.ui.form_fields import ERROR_COLOUR, long_date
from inburgering_desktop.ui.letter_files import (
    SHA_PREFIX,
    ask_save_path,
    languages_text,
    write_pdf,
)

# Pages are rasterised for the printer (QtPdf renders to images); 300 dpi prints text sharply
# and keeps an A4 page at ≈35 MB of memory, where a 1200 dpi printer would need ≈550 MB.
PRINT_DPI = 300
POINTS_PER_INCH = 72.0


def ask_printer(parent: QWidget, title: str, pages: int) -> QPrinter | None:
    """The system's print dialog; the chosen printer, or None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(pages, 1))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


class LetterPreview(QDialog):
    issued = Signal(int)  # the letter was kept with the dossier: its id

    def __init__(
        self,
        ctx: AppContext,
        pdf: bytes,
        title: str,
        file_name: str,
        *,
        prepared: PreparedLetter | None = None,
        stored: LetterSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_preview")
        self.setWindowTitle(_("Brief: {title}").format(title=title))
        self.ctx = ctx
        self.pdf = pdf
        self.title = title
        self.file_name = file_name
        self.prepared = prepared
        self.stored = stored
        self.letter_id: int | None = stored.id if stored is not None else None

        # QPdfDocument reads from a device; the buffer holds the bytes and lives with the dialog.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("letter_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.summary = QLabel()
        self.summary.setObjectName("letter_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("letter_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.translation_note = QLabel()
        self.translation_note.setObjectName("translation_note")
        self.translation_note.setWordWrap(True)
        palette = self.translation_note.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR)
        self.translation_note.setPalette(palette)

        self.print_button = QPushButton(_("&Afdrukken…"))
        self.save_button = QPushButton(_("&Opslaan als…"))
        self.keep_button = QPushButton(_("&Vastleggen als verstuurd"))
        self.close_button = QPushButton(_("Sluiten"))
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        self.keep_button.clicked.connect(self.keep)
        self.close_button.clicked.connect(self.reject)
        self.keep_button.setToolTip(
            _("Bewaart de brief zoals hij hier staat in het dossier, zonder af te drukken.")
        )
        buttons = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.keep_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.translation_note)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(860, 980)
        self._show_state()

    @classmethod
    def for_prepared(
        cls, ctx: AppContext, prepared: PreparedLetter, parent: QWidget | None = None
    ) -> LetterPreview:
        return cls(
            ctx, prepared.pdf, prepared.title, prepared.file_name, prepared=prepared, parent=parent
        )

    @classmethod
    def for_stored(
        cls, ctx: AppContext, summary: LetterSummary, pdf: bytes, parent: QWidget | None = None
    ) -> LetterPreview:
        return cls(ctx, pdf, summary.title, summary.file_name, stored=summary, parent=parent)

    # --- state -------------------------------------------------------------------------------

    @property
    def is_kept(self) -> bool:
        return self.letter_id is not None

    def _show_state(self) -> None:
        source = self.stored if self.stored is not None else self.prepared
        assert source is not None
        codes = (
            source.languages
            if isinstance(source, LetterSummary)
            else tuple(source.languages.split(letters.LANGUAGE_SEPARATOR))
        )
        self.summary.setText(
            _("{title}\nDatum {date} · {languages} · kenmerk {reference}").format(
                title=source.title,
                date=long_date(source.issued_on),
                languages=languages_text(codes),
                reference=source.reference,
            )
        )
        self.translation_note.setText(self._translation_text())
        self.translation_note.setVisible(bool(self.translation_note.text()))
        if self.stored is not None:
            self.status.setText(
                _(
                    "Vastgelegd op {date} door {account}. Dit is de brief zoals hij is verstuurd "
                    "(controlegetal SHA-256 {digest}…), niet opnieuw gemaakt."
                ).format(
                    date=long_date(self.stored.created_at.astimezone().date()),
                    account=self.stored.account,
                    digest=self.stored.sha256[:SHA_PREFIX],
                )
            )
        elif self.is_kept:
            self.status.setText(_("Vastgelegd in het dossier (tabblad Documenten)."))
        else:
            self.status.setText(
                _(
                    "Nog niet vastgelegd. Afdrukken, Opslaan als… of Vastleggen bewaart deze "
                    "brief precies zo in het dossier."
                )
            )
        self.keep_button.setVisible(self.stored is None)
        self.keep_button.setEnabled(not self.is_kept)

    def _translation_text(self) -> str:
        if self.stored is not None:
            uncertified = self.stored.uncertified_languages
            if not uncertified:
                return ""
            return _("{languages}: vertaling niet gecontroleerd door een beëdigd vertaler.").format(
                languages=languages_text(uncertified)
            )
        prepared = self.prepared
        assert prepared is not None
        if prepared.missing_strings:
            count = len(prepared.missing_strings)
            return ngettext(
                "Alleen Nederlands: de vertaling in het {language} mist {count} tekst.",
                "Alleen Nederlands: de vertaling in het {language} mist {count} teksten.",
                count,
            ).format(language=_(language_info(prepared.language).name), count=count)
        if prepared.translation_certified is False:
            return _("{languages}: vertaling niet gecontroleerd door een beëdigd vertaler.").format(
                languages=languages_text([prepared.language])
            )
        return ""

    # --- keeping, printing, saving -----------------------------------------------------------

    def keep(self) -> bool:
        """Keep a letter just made with the dossier (once); True when it is kept."""
        if self.is_kept:
            return True
        prepared = self.prepared
        assert prepared is not None
        try:
            letter_id = letters.issue(
                self.ctx, prepared, prepared.dossier_id, prepared.letter_type
            )
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
            return False
        self.letter_id = letter_id
        self._show_state()
        self.issued.emit(letter_id)
        return True

    def print_letter(self) -> None:
        printer = ask_printer(self, self.title, self.document.pageCount())
        if printer is None or not self.keep():
            return
        if not self.print_to(printer):
            QMessageBox.warning(
                self,
                _("Niet afgedrukt"),
                _("De printer kon niet worden gestart. De brief is wel vastgelegd."),
            )

    def print_to(self, printer: QPrinter) -> bool:
        """Draw the chosen pages onto the printer, each page filling the paper; False when
        the printer cannot be started."""
        count = self.document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        if first < 1 or last < first:
            first, last = 1, count
        last = min(last, count)
        # The PDF page has its own margins; Qt's would shrink it a second time.
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            dpi = min(printer.resolution(), PRINT_DPI)
            device = painter.device()
            paper = QRect(0, 0, device.width(), device.height())
            for number, index in enumerate(range(first - 1, last)):
                if number:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                image = self.document.render(
                    index,
                    QSize(
                        round(points.width() * dpi / POINTS_PER_INCH),
                        round(points.height() * dpi / POINTS_PER_INCH),
                    ),
                )
                target = image.size().scaled(paper.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(paper.topLeft(), target), image)
        finally:
            painter.end()
        return True

    def save_letter(self) -> None:
        path = ask_save_path(self, self.file_name)
        if path is None or not self.keep():
            return
        if write_pdf(self, path, self.pdf):
            self.status.setText(
                self.status.text() + "\n" + _("Opgeslagen als {path}.").format(path=path)
            )
