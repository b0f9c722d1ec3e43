"""What the outputs say, in English and Indonesian: tab titles, column labels, statuses, the
legend. Organisers' picks and the tool's own words are read back in either language, so a
programme can switch language without losing anything."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vc_sync.kinds import Status
from vc_sync.model import LANGUAGES

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        # tabs
        "tab.info": "About",
        "tab.summary": "Summary",
        "tab.session": "Session {id}",
        "tab.review": "Review",
        "tab.choices": "Choices",
        "prompt.pick": "Pick from the list: an invitee, an agency, or ignore. Clear the cell to undo.",
        # columns
        "col.key": "Key",
        "col.agency": "Agency",
        "col.name": "Name",
        "col.status": "Status",
        "col.minutes": "Minutes",
        "col.display_names": "Display names",
        "col.email": "Email",
        "col.first_join": "First join",
        "col.last_leave": "Last leave",
        "col.region": "Region",
        "col.unit": "Unit",
        "col.override": "Override",
        "col.method": "Method",
        "col.score": "Score",
        "col.invitee": "Invitee",
        "col.connections": "Connections",
        "col.session": "Session",
        "col.candidates": "Suggestions",
        "col.assign": "Assign",
        "col.state": "Review state",
        "col.choice": "Choice",
        "col.seats": "{id} seats",
        "col.present": "{id} present",
        "col.invitees": "{id} invitees present",
        "col.delegates": "{id} others sent, counted",
        "col.beyond": "{id} beyond seats, not counted",
        "col.agency_state": "{id} status",
        "col.total": "Total present",
        "col.item": "Item",
        "col.value": "Value",
        # participant statuses
        "status.verified": "Present",
        "status.short": "Too short",
        "status.absent": "Absent",
        "status.unmatched": "Not recognised",
        "status.wrong_session": "Wrong session",
        "status.organiser": "Organiser",
        "status.delegate": "Delegate",
        "status.ignored": "Ignored",
        # agency statuses
        "agency.present": "Present",
        "agency.short": "Too short",
        "agency.absent": "Absent",
        # review states
        "review.open": "Open",
        "review.settled": "Settled: {choice}",
        "review.ignored": "Ignored",
        "review.refused.unknown": "“{choice}” is not on the list: pick from the list",
        "review.refused.several": "{n} invitees are called “{choice}”: pick one from the list",
        # choices
        "choice.ignore": "ignore",
        # summary rows
        "row.total": "Total",
        "row.agencies_present": "Agencies present",
        "chart.title": "Present per agency and session",
        # review suggestions
        # how a candidate fits (a method of vc_sync/matching/methods.py)
        "method.override": "organiser's decision",
        "method.email": "same e-mail",
        "method.phone": "same phone number",
        "method.alias": "a known alias",
        "method.name": "same name",
        "method.in_order": "whole name among other words",
        "method.fuzzy": "similar name",
        "method.confirmed": "similar name, confirmed by their device",
        "method.partial": "first name or initials fit",
        "method.device": "device named after them",
        "method.agency": "agency only",
        "method.none": "no match",
        "why.tie": "two fit about equally: pick one in the Assign column",
        "why.low": "no close enough name: in the Assign column pick one, an agency, or ignore",
        "why.none": "nothing on the roster fits: in the Assign column pick an invitee, an agency, or ignore",
        "why.other_session": "invited to another session",
        "why.present": "already counted present",
        "why.not_here": "invited to this session and not counted present; shares “{word}”",
        "why.held": (
            "close to {name}, who is already here: the same person on another device? "
            "In the Assign column pick them, or someone else"
        ),
        "why.claimed": (
            "close to {name}, whom a closer name took: in the Assign column pick one, an agency, or ignore"
        ),
        "why.stood_in": (
            "signed in as {name}, but the name says someone came in their place: in the Assign column "
            "pick them, their agency, or ignore"
        ),
        # the about tab
        "info.programme": "Programme",
        "info.timezone": "Times are in",
        "info.rule": "Present when",
        "info.rule.minutes": "connected at least {n:g} minutes within the session's scheduled time",
        "info.rule.fraction": "connected at least {pct:g}% of the session's scheduled time",
        "info.delegates": "Delegates",
        "info.delegates.seats": (
            "people an agency sent count up to its invited seats; the rest are shown as delegates"
        ),
        "info.delegates.all": "everyone an invited agency sent counts as present",
        "info.session": "Session {id}",
        "info.session.value": "{title} · {date} {start}–{end} · source: {source}",
        "info.synced": "Session {id}, last changed",
        "info.counts": "Session {id}, present",
        "info.counts.value": "{present} present, agencies present {agencies}",
        "info.not_synced": "not synced yet",
        "info.legend": "Status “{word}”",
        "legend.verified": (
            "recognised as an invitee (or someone their agency sent) and connected long enough"
        ),
        "legend.short": "recognised, but connected for less than “Present when” asks",
        "legend.absent": "invited, not found in the log",
        "legend.unmatched": "not recognised: settle it on the Review tab",
        "legend.wrong_session": "invited to another session",
        "legend.organiser": "host, committee or speaker: not counted",
        "legend.delegate": "sent by an invited agency beyond its seats: shown, not counted",
        "legend.ignored": "set aside by an organiser",
        "info.howto": "How to correct",
        "info.howto.value": (
            "Pick in the Assign column of Review, or the Override column of a session tab; the next "
            "sync applies it. Clear the pick to undo it. Columns and rows you add are yours: "
            "vc_sync never writes them."
        ),
        "days": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "months": "January February March April May June July August September October November December",
    },
    "id": {
        "tab.info": "Keterangan",
        "tab.summary": "Ringkasan",
        "tab.session": "Sesi {id}",
        "tab.review": "Tinjauan",
        "tab.choices": "Pilihan",
        "prompt.pick": "Pilih dari daftar: peserta, instansi, atau abaikan. Kosongkan untuk membatalkan.",
        "col.key": "Kunci",
        "col.agency": "Instansi",
        "col.name": "Nama",
        "col.status": "Status",
        "col.minutes": "Menit",
        "col.display_names": "Nama di aplikasi",
        "col.email": "Email",
        "col.first_join": "Masuk pertama",
        "col.last_leave": "Keluar terakhir",
        "col.region": "Wilayah",
        "col.unit": "Unit",
        "col.override": "Koreksi",
        "col.method": "Metode",
        "col.score": "Skor",
        "col.invitee": "ID undangan",
        "col.connections": "Koneksi",
        "col.session": "Sesi",
        "col.candidates": "Saran",
        "col.assign": "Tetapkan",
        "col.state": "Status tinjauan",
        "col.choice": "Pilihan",
        "col.seats": "{id} kuota",
        "col.present": "{id} hadir",
        "col.invitees": "{id} undangan hadir",
        "col.delegates": "{id} utusan lain dihitung",
        "col.beyond": "{id} di luar kuota, tidak dihitung",
        "col.agency_state": "{id} status",
        "col.total": "Total hadir",
        "col.item": "Hal",
        "col.value": "Isi",
        "status.verified": "Hadir",
        "status.short": "Kurang durasi",
        "status.absent": "Tidak hadir",
        "status.unmatched": "Belum dikenali",
        "status.wrong_session": "Salah sesi",
        "status.organiser": "Panitia",
        "status.delegate": "Delegasi",
        "status.ignored": "Diabaikan",
        "agency.present": "Hadir",
        "agency.short": "Kurang durasi",
        "agency.absent": "Tidak hadir",
        "review.open": "Perlu ditinjau",
        "review.settled": "Selesai: {choice}",
        "review.ignored": "Diabaikan",
        "review.refused.unknown": "“{choice}” tidak ada di daftar: pilih dari daftar",
        "review.refused.several": "ada {n} undangan bernama “{choice}”: pilih salah satu dari daftar",
        "choice.ignore": "abaikan",
        "row.total": "Total",
        "row.agencies_present": "Instansi hadir",
        "chart.title": "Kehadiran per instansi dan sesi",
        "method.override": "keputusan panitia",
        "method.email": "e-mail sama",
        "method.phone": "nomor telepon sama",
        "method.alias": "nama lain yang dikenal",
        "method.name": "nama sama",
        "method.in_order": "nama lengkap di antara kata lain",
        "method.fuzzy": "nama mirip",
        "method.confirmed": "nama mirip, dikuatkan perangkatnya",
        "method.partial": "nama depan atau inisial cocok",
        "method.device": "perangkat atas namanya",
        "method.agency": "instansi saja",
        "method.none": "tidak cocok",
        "why.tie": "dua nama sama-sama cocok: pilih salah satu di kolom Tetapkan",
        "why.low": (
            "tidak ada nama yang cukup mirip: di kolom Tetapkan pilih peserta, instansi, atau abaikan"
        ),
        "why.none": (
            "tidak ada yang cocok di daftar undangan: di kolom Tetapkan pilih peserta, instansi, atau abaikan"
        ),
        "why.other_session": "diundang di sesi lain",
        "why.present": "sudah terhitung hadir",
        "why.not_here": "diundang di sesi ini dan belum terhitung hadir; sama-sama memakai “{word}”",
        "why.held": (
            "mirip {name}, yang sudah hadir: orang yang sama di perangkat lain? "
            "Di kolom Tetapkan pilih dia, atau orang lain"
        ),
        "why.claimed": (
            "mirip {name}, yang diambil nama lain yang lebih mirip: "
            "di kolom Tetapkan pilih peserta, instansi, atau abaikan"
        ),
        "why.stood_in": (
            "masuk dengan akun {name}, tetapi namanya menyebut orang lain yang datang mewakilinya: "
            "di kolom Tetapkan pilih dia, instansinya, atau abaikan"
        ),
        "info.programme": "Program",
        "info.timezone": "Zona waktu",
        "info.rule": "Hadir bila",
        "info.rule.minutes": "tersambung paling sedikit {n:g} menit dalam jadwal sesi",
        "info.rule.fraction": "tersambung paling sedikit {pct:g}% dari jadwal sesi",
        "info.delegates": "Utusan instansi",
        "info.delegates.seats": (
            "utusan instansi dihitung sampai kuota undangannya; "
            "selebihnya ditampilkan sebagai Delegasi, tidak dihitung"
        ),
        "info.delegates.all": "semua utusan instansi yang diundang dihitung hadir",
        "info.session": "Sesi {id}",
        "info.session.value": "{title} · {date} {start}–{end} · sumber: {source}",
        "info.synced": "Sesi {id}, terakhir berubah",
        "info.counts": "Sesi {id}, kehadiran",
        "info.counts.value": "{present} hadir, instansi hadir {agencies}",
        "info.not_synced": "belum disinkronkan",
        "info.legend": "Status “{word}”",
        "legend.verified": "dikenali sebagai undangan (atau utusan instansinya) dan tersambung cukup lama",
        "legend.short": "dikenali, tetapi tersambung lebih singkat dari syarat “Hadir bila”",
        "legend.absent": "diundang, tetapi tidak ditemukan dalam laporan peserta rapat",
        "legend.unmatched": "belum dikenali: tetapkan di tab Tinjauan",
        "legend.wrong_session": "diundang di sesi lain",
        "legend.organiser": "tuan rumah, panitia, atau narasumber: tidak dihitung",
        "legend.delegate": "utusan instansi di luar kuotanya: ditampilkan, tidak dihitung",
        "legend.ignored": "disisihkan oleh panitia",
        "info.howto": "Cara mengoreksi",
        "info.howto.value": (
            "Pilih di kolom Tetapkan pada tab Tinjauan, atau kolom Koreksi pada tab sesi; "
            "sinkronisasi berikutnya akan menerapkannya. Kosongkan pilihan untuk membatalkan. "
            "Kolom dan baris yang Anda tambahkan milik Anda: vc_sync tidak pernah menulisnya."
        ),
        "days": "Senin Selasa Rabu Kamis Jumat Sabtu Minggu",
        "months": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    },
}
STATUSES = (  # as the legend lists them
    Status.VERIFIED,
    Status.SHORT,
    Status.ABSENT,
    Status.UNMATCHED,
    Status.WRONG_SESSION,
    Status.ORGANISER,
    Status.DELEGATE,
    Status.IGNORED,
)


@dataclass(frozen=True)
class Words:
    """The outputs' words in one language, with every language's form at hand for reading."""

    lang: str = "en"
    prefix: str = ""  # a programme sharing an output with another: its tabs' titles begin so

    def __call__(self, key: str, **args: object) -> str:
        return self._in(self.lang, key, args)

    def _in(self, lang: str, key: str, args: Mapping[str, object]) -> str:
        text = _WORDS[lang][key].format(**args)
        return f"{self.prefix} {text}" if self.prefix and key.startswith("tab.") else text

    def every(self, key: str, **args: object) -> tuple[str, ...]:
        """``key`` in every language, this one first (labels an output may already hold)."""
        out = [self(key, **args)]
        out += [self._in(lang, key, args) for lang in LANGUAGES if lang != self.lang]
        return tuple(dict.fromkeys(out))

    def others(self, key: str, **args: object) -> tuple[str, ...]:
        return self.every(key, **args)[1:]

    def status(self, code: str) -> str:
        return self(f"status.{code}")

    def date(self, day: object) -> str:
        """'Tuesday 14 April 2020' / 'Selasa 14 April 2020' for a date."""
        days, months = self("days").split(), self("months").split()
        return f"{days[day.weekday()]} {day.day} {months[day.month - 1]} {day.year}"  # type: ignore[attr-defined]


_CODES: dict[tuple[str, str], str] = {
    (key.split(".", 1)[0], value.casefold()): key.split(".", 1)[1]
    for lang in LANGUAGES
    for key, value in _WORDS[lang].items()
    if "." in key and "{" not in value
}


def status_code(text: object, prefix: str = "status") -> str | None:
    """The status a cell says, in any language (or as the code itself), or None."""
    folded = " ".join(str(text or "").split()).casefold()
    found = _CODES.get((prefix, folded))
    if found is not None:
        return found
    code = folded.replace(" ", "_")
    return code if prefix == "status" and code in STATUSES else None


def ignore_words() -> frozenset[str]:
    """What an organiser may type to set a row aside, folded: the dropdown's word and the one the
    sheet shows for such a row ('Diabaikan' / 'Ignored'), in every language."""
    keys = ("choice.ignore", "status.ignored", "review.ignored")
    return frozenset(_WORDS[lang][k].casefold() for lang in LANGUAGES for k in keys)


def words_of(key: str, args: Iterable[dict[str, object]] = ({},)) -> set[str]:
    """Every language's form of ``key`` for each set of ``args``."""
    return {_WORDS[lang][key].format(**a) for lang in LANGUAGES for a in args}
