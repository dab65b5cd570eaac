"""`inburgering-desktop`: the window by default, and the same services without one.

The passphrase comes from INBURGERING_PASSPHRASE (for scripts and tests; never logged or echoed)
or is asked on the terminal. Exit codes: 0 ok, 1 a problem the user can fix (message in Dutch),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from inburgering_desktop import __version__

if TYPE_CHECKING:
    from inburgering_desktop.services.context import AppContext

PASSPHRASE_ENV = "INBURGERING_PASSPHRASE"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inburgering-desktop",
        description="Inburgering Desktop — werkplek voor de klantregisseur inburgering. "
        "Zonder opdracht start het programmavenster.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db", type=Path, help="databasebestand (standaard: INBURGERING_DB of de gebruikersmap)"
    )
    parser.add_argument(
        "--account", help="accountnaam voor het logboek (standaard: uit de instellingen)"
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    demo = sub.add_parser("demo", help="voeg synthetische voorbeelddossiers toe")
    demo.add_argument("--count", type=int, default=40, help="aantal dossiers (standaard 40)")
    demo.add_argument("--seed", type=int, default=2021, help=argparse.SUPPRESS)
    audit = sub.add_parser("audit", help="het logboek")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="OPDRACHT", required=True)
    audit_sub.add_parser("verify", help="controleer de keten van het logboek")
    deadlines = sub.add_parser("deadlines", help="termijnen, aanbod en signalen per dossier")
    deadlines.add_argument("--json", action="store_true", required=True, help="als JSON")
    deadlines.add_argument("--date", help="peildatum jjjj-mm-dd (standaard vandaag)")
    export = sub.add_parser("export-json", help="alle dossiers naar een JSON-bestand")
    export.add_argument("file", type=Path)
    imp = sub.add_parser("import-json", help="dossiers inlezen uit een JSON-bestand")
    imp.add_argument("file", type=Path)
    _letter_parser(sub)
    return parser


# The letter types that can be made now; services.letters.TYPE_FIELDS is the source (a test
# compares them), not imported here because building the parser must stay cheap at start-up.
LETTER_TYPE_NAMES = (
    "uitnodiging_brede_intake",
    "uitnodiging_voortgangsgesprek",
    "waarschuwing",
    "vrije_brief",
    "pip_beschikking",
    "intake_verslag",
)
# Options of the letter command that are fields of a letter (dest = field name).
LETTER_OPTIONS: tuple[tuple[str, str], ...] = (
    ("--date", "datum van de afspraak (dd-mm-jjjj)"),
    ("--time", "tijd van de afspraak (uu:mm)"),
    ("--place", "plaats van de afspraak"),
    ("--contact-name", "contactpersoon (standaard: de accountnaam)"),
    ("--contact-phone", "telefoon contactpersoon (standaard: uit het gemeenteprofiel)"),
    ("--contact-email", "e-mail contactpersoon (standaard: uit het gemeenteprofiel)"),
    ("--ground", "waarschuwing: brede_intake, voortgangsgesprek, lessen, pvt of map"),
    ("--fact-date", "waarschuwing: datum van de gemiste afspraak, of sinds wanneer"),
    ("--respond-before", "waarschuwing: reageren vóór (dd-mm-jjjj)"),
    ("--details", "waarschuwing: toelichting (Nederlands)"),
    ("--new-date", "waarschuwing: datum van een nieuwe afspraak"),
    ("--new-time", "waarschuwing: tijd van de nieuwe afspraak"),
    ("--new-place", "waarschuwing: plaats van de nieuwe afspraak"),
    ("--subject", "vrije brief: onderwerp"),
    ("--text", "vrije brief: tekst (Nederlands; een lege regel begint een nieuwe alinea)"),
    (
        "--pip-version-id",
        "PIP-beschikking: id van de vastgestelde PIP-versie (standaard: de nieuwste)",
    ),
)
LETTER_FLAGS: tuple[tuple[str, str], ...] = (
    ("--interpreter", "er is een tolk geregeld voor de afspraak"),
    ("--new-interpreter", "waarschuwing: er is een tolk geregeld voor de nieuwe afspraak"),
    (
        "--include-special",
        "verslag brede intake: neem bijzondere persoonsgegevens op (gezondheid, toelichtingen)",
    ),
)


def _letter_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    letter = sub.add_parser(
        "letter",
        help="maak een brief als PDF, zonder venster",
        description="Maakt dezelfde brief als Dossier › Brief maken. Ontbreekt er een tekst in "
        "de vertaling, dan noemt de opdracht die teksten en stopt (code 1), tenzij "
        "--dutch-only.",
    )
    letter.add_argument("dossier", metavar="DOSSIER", help="kenmerk, bijvoorbeeld INB-2026-0001")
    letter.add_argument(
        "letter_type", metavar="TYPE", help="soort brief: " + ", ".join(LETTER_TYPE_NAMES)
    )
    letter.add_argument("--lang", help="taal naast Nederlands (standaard: die van de cliënt)")
    letter.add_argument("--out", type=Path, required=True, help="het PDF-bestand dat ontstaat")
    for option, text in LETTER_OPTIONS:
        letter.add_argument(option, help=text)
    for option, text in LETTER_FLAGS:
        letter.add_argument(option, action="store_true", help=text)
    letter.add_argument(
        "--store", action="store_true", help="leg de brief ook vast als verstuurd in het dossier"
    )
    letter.add_argument(
        "--dutch-only",
        action="store_true",
        help="alleen Nederlands als de vertaling niet compleet is",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        from inburgering_desktop.app import run_gui

        return run_gui(args.db)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # domain and store errors carry Dutch messages; bugs do not
        message = _user_message(exc)
        if message is None:
            raise
        print(f"Fout: {message}", file=sys.stderr)
        return 1


def _user_message(exc: BaseException) -> str | None:
    from inburgering_desktop.domain.validation import ValidationError
    from inburgering_desktop.i18n import _
    from inburgering_desktop.services.errors import ServiceError
    from inburgering_desktop.store.errors import StoreError

    if isinstance(exc, ValidationError | ServiceError | StoreError):
        params = getattr(exc, "params", None) or {}
        text = _(exc.message)
        return text.format(**params) if params else text
    return None


def _passphrase(confirm: bool) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        from inburgering_desktop.services.errors import ServiceError

        raise ServiceError(
            "Geen wachtwoord: zet INBURGERING_PASSPHRASE of start de opdracht in een terminal."
        )
    first = getpass.getpass("Wachtwoord: ")
    if confirm and getpass.getpass("Nogmaals: ") != first:
        from inburgering_desktop.services.errors import ServiceError

        raise ServiceError("De twee wachtwoorden zijn niet gelijk.")
    return first


def _open(args: argparse.Namespace, create: bool) -> AppContext:
    from inburgering_desktop.services.context import AppContext
    from inburgering_desktop.services.settings import get_account_name
    from inburgering_desktop.store import engine, paths

    path = args.db or paths.default_db_path()
    if engine.database_exists(path):
        db = engine.open_database(path, passphrase=_passphrase(confirm=False))
    elif create:
        db, recovery_key = engine.create_database(path, _passphrase(confirm=True))
        print(
            "Nieuwe versleutelde database aangemaakt. Bewaar deze herstelcode op een veilige "
            "plek;\nhij wordt niet nog eens getoond en opent de database als het wachtwoord "
            "kwijt is:\n"
            f"  {recovery_key}",
            file=sys.stderr,
        )
    else:
        from inburgering_desktop.store.errors import DatabaseNotFoundError

        print(f"Geen database in {path}.", file=sys.stderr)
        raise DatabaseNotFoundError()
    ctx = AppContext(db=db, account="")
    ctx.account = args.account or get_account_name(ctx) or f"cli:{getpass.getuser()}"
    return ctx


def _run(args: argparse.Namespace) -> int:
    from inburgering_desktop.services import deadlines, demo, exchange
    from inburgering_desktop.store import audit

    ctx = _open(args, create=args.command in ("demo", "import-json"))
    try:
        if args.command == "letter":
            return _letter(ctx, args)
        if args.command == "demo":
            added = demo.generate(ctx, count=args.count, seed=args.seed)
            print(f"{added} voorbeelddossiers toegevoegd.")
        elif args.command == "audit":
            with ctx.db.transaction() as session:
                report = audit.verify(session)
            if not report.ok:
                print(f"Logboek NIET in orde: {report.problem}", file=sys.stderr)
                return 1
            print(f"Logboek in orde: {report.checked} regels gecontroleerd.")
        elif args.command == "deadlines":
            if args.date:
                from inburgering_desktop.domain.validation import parse_date

                as_of = parse_date(args.date, "date")
                ctx.today = lambda: as_of
            json.dump(deadlines.deadline_report(ctx), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        elif args.command == "export-json":
            count = exchange.export_json(ctx, args.file)
            print(f"{count} dossiers geëxporteerd naar {args.file}.")
        elif args.command == "import-json":
            try:
                result = exchange.import_json(ctx, args.file)
            except exchange.ImportRejected as rejected:
                print(f"Fout: {_user_message(rejected)}", file=sys.stderr)
                for problem in rejected.problems:
                    print(f"  - {problem}", file=sys.stderr)
                return 1
            print(
                f"Ingelezen: {result.created} nieuw, {result.updated} bijgewerkt, "
                f"{result.unchanged} ongewijzigd."
            )
    finally:
        ctx.db.close()
    return 0


def _letter(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from inburgering_desktop.services import letters
    from inburgering_desktop.services.errors import ValidationFailed

    dossier_id = letters.dossier_id_for_reference(ctx, args.dossier)
    defaults = letters.letter_defaults(ctx, dossier_id)
    wanted = letters.TYPE_FIELDS.get(args.letter_type, ())
    fields: dict[str, str | bool] = dict(defaults.fields)
    for option, _text in (*LETTER_OPTIONS, *LETTER_FLAGS):
        name = option[2:].replace("-", "_")
        value = getattr(args, name)
        if value in (None, False):
            continue
        if wanted and name not in wanted:
            print(f"Let op: {option} hoort niet bij deze brief; niet gebruikt.", file=sys.stderr)
            continue
        fields[name] = value
    if args.letter_type == "pip_beschikking" and "pip_version_id" not in fields:
        # The newest vastgestelde version, as the window preselects it; none: prepare says so.
        versions = letters.established_versions(ctx, dossier_id)
        if versions:
            fields["pip_version_id"] = str(versions[0].id)
            print(f"PIP-versie {versions[0].number} (id {versions[0].id}).")
    try:
        prepared = letters.prepare(
            ctx,
            dossier_id,
            args.letter_type,
            args.lang or defaults.language,
            fields,
            dutch_only=args.dutch_only,
        )
    except letters.TranslationIncomplete as incomplete:
        print(f"Fout: {_user_message(incomplete)}", file=sys.stderr)
        print("Teksten zonder vertaling:", file=sys.stderr)
        for text in incomplete.missing:
            print(f"  - {text}", file=sys.stderr)
        print("Met --dutch-only wordt de brief alleen in het Nederlands gemaakt.", file=sys.stderr)
        return 1
    except ValidationFailed as failed:
        print("Fout: de brief is niet gemaakt.", file=sys.stderr)
        for error in failed.errors:
            print(f"  --{error.field.replace('_', '-')}: {_user_message(error)}", file=sys.stderr)
        return 1
    if args.store:
        # Kept before the file is written, as in the window: no letter without its record.
        letters.issue(ctx, prepared, dossier_id, prepared.letter_type)
    try:
        args.out.write_bytes(prepared.pdf)
    except OSError as error:
        print(f"Fout: kan {args.out} niet schrijven: {error.strerror or error}", file=sys.stderr)
        return 1
    print(
        f"Brief geschreven naar {args.out} (talen {prepared.languages}, "
        f"SHA-256 {prepared.sha256[:12]}…)."
    )
    if prepared.missing_strings:
        print(
            f"Alleen Nederlands: de vertaling ({prepared.language}) mist "
            f"{len(prepared.missing_strings)} tekst(en)."
        )
    if prepared.translation_certified is False:
        print(
            f"Let op: de vertaling ({prepared.language}) is niet gecontroleerd door een "
            "beëdigd vertaler."
        )
    if args.store:
        print(f"Vastgelegd als verstuurd in dossier {prepared.reference}.")
    else:
        print("Niet vastgelegd in het dossier (daarvoor: --store).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
