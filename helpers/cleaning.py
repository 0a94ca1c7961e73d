"""Set aside the furniture of a pasted news page, keeping every offset into the original.

Quotes in the course cite character offsets into the *raw* article, so nothing here rewrites
text: cleaning only sets aside whole pieces (by-lines, photo credits, related-article lists, a
leading dateline, a chat mark, a hyphen that splits a word at a line end) and records each one,
with its reason. It works line by line with generic rules for Indonesian online news and the ways
people paste it (mobile and reader views, e-paper copies, chat forwards, paginated and live
pages), not rules tuned to the two course articles.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from helpers.text import is_invisible, require_text

__all__ = ["CleanText", "Removed", "clean_text"]


class Removed(NamedTuple):
    """A piece of the raw text set aside by :func:`clean_text`; ``raw[start:end] == text``."""

    text: str
    reason: str
    start: int
    end: int


@dataclass(frozen=True)
class CleanText:
    """The article body plus everything removed from it; together they tile the raw text.

    ``kept`` lists the raw spans (start, end) whose concatenation is ``body``, so any offset in
    the body maps back to the raw text with :meth:`raw_span`.
    """

    raw: str
    body: str
    removed: list[Removed]
    kept: list[tuple[int, int]]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a body slice ``body[start:end]`` to offsets in the raw text."""
        if not (isinstance(start, int) and isinstance(end, int)):
            raise TypeError("start and end must be int offsets into the body")
        if not 0 <= start <= end <= len(self.body):
            raise ValueError(f"start..end must lie within 0..{len(self.body)}, got {start}..{end}")
        if start == end:
            return (self._raw_at(start), self._raw_at(start))
        return (self._raw_at(start), self._raw_at(end - 1) + 1)

    def _raw_at(self, offset: int) -> int:
        lengths = [0]
        for span_start, span_end in self.kept:
            lengths.append(lengths[-1] + span_end - span_start)
        if offset >= lengths[-1]:
            return self.kept[-1][1] if self.kept else len(self.raw)
        index = bisect_right(lengths, offset) - 1
        return self.kept[index][0] + offset - lengths[index]


# --- cleaning -------------------------------------------------------------------------------

_BYLINE_WORDS = (
    r"(?:penulis|oleh|reporter|wartawan|pewarta|editor|penyunting|redaktur|kontributor|"
    r"fotografer|videografer|penerjemah|alih bahasa|laporan|rep|red)"
)
_CREDIT = r"\s*:\s*\S.{0,150}"
_MONTH_WORDS = (
    r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
    r"desember|jan|feb|mar|apr|jun|jul|agu|ags|agt|sep|sept|okt|nov|des|"
    r"january|february|march|may|june|july|august|october|december|aug|oct|dec)"  # English pages
)
_WEEKDAYS = (
    r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
)
_DATE_ONLY = (
    r"(?:[\w.-]+\.(?:com|co|id)\s*[-–—]\s*)?"
    r"(?:(?:(?:terakhir\s+)?diperbarui|diterbitkan|dipublikasikan|terbit|tayang|update|updated"
    r"|published)"
    r"(?:\s+(?:pada|on))?\s*:?\s*)?"
    rf"(?:{_WEEKDAYS}\s*,?\s*)?"
    rf"(?:\d{{1,2}}\s+{_MONTH_WORDS}\.?,?\s+\d{{4}}|{_MONTH_WORDS}\.?\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d\d-\d\d)"
    r"(?:[\s,|/–—-]*(?:pukul\s*|at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:WIB|WITA|WIT|GMT[+-]?\d*|UTC)?)?"
    # a relative time: "2 jam lalu", "5 menit yang lalu", "3 hours ago"
    r"|\d{1,2}\s+(?:detik|menit|jam|hari|minggu|seconds?|minutes?|hours?|days?)\s+(?:yang\s+)?"
    r"(?:lalu|ago)"
)
_AGENCIES = (
    r"(?:reuters|afp|ap|antara(?: foto)?|yonhap|getty images|epa|xinhua|anadolu|bernama|kyodo|"
    r"istimewa|ist|dok(?:umentasi)?\.?|shutterstock|arsip)"
)
# "(AFP/Arsip)", "(merdeka.com/Arie Basuki)", "(Foto: Reuters)"; not "(rds/rds)" or "(11/7)".
_CREDIT_PAREN = (
    r"\((?:(?=[^()\n]*(?-i:[A-Z]))[^()\n]*/[^()\n]*|(?i:foto|photo|sumber|dok|ist)\b[^()\n]*"
    rf"|(?i:{_AGENCIES}))\)"
)
_SECTION_LABELS = frozenset(
    [
        "internasional",
        "dunia",
        "nasional",
        "news",
        "berita",
        "global",
        "politik",
        "ekonomi",
        "bisnis",
        "hukum",
        "peristiwa",
        "militer",
        "pertahanan",
        "asia",
        "home",
        "beranda",
        "internasional/dunia",
        "headline",
        "utama",
        "terkini",
        "terpopuler",
        "world",
    ]
)
_OUTLET_NAMES = (
    r"(?:detik(?:news|com)?|cnn indonesia|bbc(?: news)? indonesia|voa(?: indonesia)?|"
    r"kompas(?:\.com)?|tempo(?:\.co)?|liputan6(?:\.com)?|antara(?:news)?(?:\.com)?|okezone(?:\.com)?|"
    r"sindonews(?:\.com)?|republika(?:\.co\.id)?|kumparan(?:\.com)?|tribunnews(?:\.com)?|"
    r"merdeka(?:\.com)?|suara(?:\.com)?|idn times|[\w-]+\.(?:com|co\.id|id)"
    r"|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|co\.id|id|net|org|tv|news|example)/?)"
)
# A credit after a caption's stop: "©2023 Nama Lembaga", "[Nama Lembaga]" (square brackets).
_CREDIT_AFTER_STOP = (
    r"(?<=[.!?])[^\S\n]+(?:©[^\S\n]*\d{4}[^\S\n]+\S[^\n]{0,80}|\[(?-i:[A-Z])[^\[\]\n]{2,80}\])"
)
_CAPTION_WITH_CREDIT = re.compile(
    rf".{{3,300}}?\s*{_CREDIT_PAREN}|.{{3,300}}\bANTARA(?: FOTO)?/\S+"
    rf"|.{{3,300}}?{_CREDIT_AFTER_STOP}",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4}"  # a person's or team's name
# An outlet written as a brand: "CNBC Indonesia", "iNews.id", "Kompas TV", "IDN Times".
_BRAND = (
    r"(?:[A-Z]{2,}\w*|[a-z]+[A-Z]\w*|[\w-]+\.(?:com|co\.id|id|co|net))(?:[^\S\n]+[A-Z]\w+)?"
    r"|[A-Z]\w+[^\S\n]+(?:TV|News|Online|Times|Post|Network)"
)
# (reason, rule): a line whose stripped content matches a rule in full is set aside.
_FOOTER_LINKS = (
    r"(?:tentang kami|about us|redaksi|susunan redaksi|kontak(?: kami)?|hubungi kami"
    r"|pedoman media siber|pedoman siber|kebijakan privasi|privacy policy|syarat dan ketentuan"
    r"|syarat & ketentuan|terms of use|disclaimer|karir|karier|info iklan|beriklan|sitemap"
    r"|faq|bantuan|kode etik)"
)
_LINE_RULES = [
    # a line that is only a web address, perhaps after a label of one to three words ("Baca
    # selengkapnya: https://…"); a longer lead-in is a sentence ending with an address
    (
        "link",
        re.compile(
            r"(?:(?:[^\s:]+[^\S\n]+){0,2}[^\s:]+[^\S\n]*:[^\S\n]*)?(?:https?://|www\.)\S{1,300}"
            # a copy's appended source: 'Baca artikel X, "Judul" selengkapnya https://…'
            r"|(?:baca|simak|lihat)\b[^\n]{0,200}?\bselengkapnya\b[^\S\n]*:?[^\S\n]*"
            r"(?:https?://|www\.)\S{1,300}",
            re.IGNORECASE,
        ),
    ),
    # "17.20 WIB" alone: a live page's entry time
    (
        "timestamp",
        re.compile(
            r"(?:(?:(?:terakhir\s+)?diperbarui|update|updated|pembaruan)\s*:?\s*)?"
            r"(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:WIB|WITA|WIT|GMT[+-]?\d*|UTC)",
            re.IGNORECASE,
        ),
    ),
    # "Bersambung ke hal 11", "Sambungan dari halaman 1", "Continued on page 7"
    (
        "jump line",
        re.compile(
            r"\(?\s*(?:bersambung|sambungan|lanjutan|lanjut|baca lanjutan|baca|lihat)\s+"
            r"(?:(?:ke|dari|di)\s+)?(?:hal(?:aman)?|hlm|page)\.?\s*[A-Z]?\d{1,3}"
            r"(?:\s*(?:kol(?:om)?\.?)\s*\d{1,2})?\s*\)?\.?\s*[»›>→►]?"
            r"|\(?\s*bersambung\s*\)?|continued (?:on|from) page\s*[A-Z]?\d{1,3}\.?",
            re.IGNORECASE,
        ),
    ),
    # a chat app's label on a forwarded message
    ("forward label", re.compile(r"(?:diteruskan|forwarded)(?: berkali-kali| many times)?", re.I)),
    (
        "load more button",
        re.compile(
            r"(?:muat|tampilkan|lihat|load|show|view)\s+(?:lebih\s+banyak|more|lainnya)"
            r"(?:\s+(?:berita|update|updates?|artikel|posts?))?",
            re.IGNORECASE,
        ),
    ),
    # an app's menu words alone: "Menu", "Cari", "Kembali ke atas"
    (
        "navigation",
        re.compile(
            r"menu|(?:cari|search)(?:\s+(?:berita|artikel|di sini))?(?:\.{3}|…)?|pencarian"
            r"|login|log in|masuk|tutup|close|kembali ke atas|back to top"
            # a site's footer links alone: "Pedoman Media Siber", "Kebijakan Privasi"
            rf"|{_FOOTER_LINKS}",
            re.IGNORECASE,
        ),
    ),
    (
        "by-line",
        re.compile(
            rf"{_BYLINE_WORDS}(?:\s*[&/,]\s*{_BYLINE_WORDS})*{_CREDIT}"
            rf"(?:\s+{_BYLINE_WORDS}{_CREDIT})?"  # "Rep: Nama Red: Nama"
            r"|laporan wartawan\s+\S.{0,60}|tim redaksi(?:\s*[-–—|]\s*\S.{0,40})?"
            rf"|oleh\s+[A-Z][\w.' -]{{1,60}}?\s+(?:diperbarui|diterbitkan|pada)\b.{{0,60}}"
            # "Nama, Jurnalis": a name, then the writer's role
            rf"|(?-i:{_NAME})\s*,\s*(?:jurnalis|wartawan|reporter|kontributor|koresponden|penulis"
            rf"|editor|redaktur)(?:\s*[-–—·|•]\s*{_DATE_ONLY})?"  # "Nama, Jurnalis · Senin, …"
            # "News - Nama, CNBC Indonesia": a section, a name, then the outlet
            rf"|(?-i:[A-Z]\w+[^\S\n]+[-–—][^\S\n]+{_NAME}[^\S\n]*,[^\S\n]*{_BRAND})"
            # "Nama - Bisnis.com": a name, a dash, then the outlet
            rf"|(?-i:{_NAME}[^\S\n]+[-–—][^\S\n]+{_BRAND})"
            # "(Tribunnews.com/Nama)": the outlet's domain and the writer, closing the report
            r"|\([\w-]+\.(?:com|co\.id|id|co|net)/[^()\n]{2,60}\)",
            re.IGNORECASE,
        ),
    ),
    ("date line", re.compile(_DATE_ONLY, re.IGNORECASE)),
    (
        "photo credit",
        re.compile(
            r"(?:foto|sumber foto|kredit foto|ilustrasi|gambar|photo)"
            + _CREDIT
            + r"|sumber gambar\s*[,:]\s*\S.{0,100}"
            + r"|\(\s*(?:foto|photo)\s*:[^()\n]{1,100}\)"
            + rf"|{_AGENCIES}(?:\s*[|/,]\s*[\w. ]{{2,30}}){{0,3}}",
            re.IGNORECASE,
        ),
    ),
    (
        "photo caption",
        re.compile(
            r"(?:keterangan gambar|keterangan foto)\s*[,:]\s*\S.{0,300}"
            r"|(?:arsip foto|ilustrasi|foto)\s+[-–—]+\s+\S.{0,300}",
            re.IGNORECASE,
        ),
    ),
    (
        "related-article link",
        re.compile(
            r"(?:(?:baca|lihat|simak)\s+(?:juga|pula)|pilihan editor|berita terkait|artikel terkait"
            r"|rekomendasi|baca)\s*:\s*\S.{0,200}",
            re.IGNORECASE,
        ),
    ),
    ("source line", re.compile(r"sumber\s*:\s*\S.{0,150}", re.IGNORECASE)),
    (
        "copyright",
        re.compile(
            r"(?:copyright|hak cipta|©|\(c\)).{0,200}|.{0,150}all rights reserved\.?", re.IGNORECASE
        ),
    ),
    (
        "rights notice",
        re.compile(
            r"dilarang (?:keras )?"
            r"(?:mengambil|mengutip|menyalin|memperbanyak|mereproduksi).{0,300}",
            re.IGNORECASE,
        ),
    ),
    (
        "advertising",
        re.compile(r"advertisement|advertisment|iklan|ads|sponsored|konten bersponsor", re.I),
    ),
    (
        "scroll prompt",
        re.compile(
            r"scroll to continue with content|scroll (?:untuk|ke bawah).{0,60}"
            r"|gulir (?:untuk|ke bawah).{0,60}",
            re.IGNORECASE,
        ),
    ),
    ("loading placeholder", re.compile(r"(?:loading|memuat)(?:\.{3}|…)?", re.IGNORECASE)),
    ("photo prompt", re.compile(r"lihat (?:foto|galeri)", re.IGNORECASE)),  # "Lihat Foto"
    (
        "video prompt",
        re.compile(
            r"lihat video|video pilihan|(?:simak|tonton|saksikan) video\b.{0,150}"
            r"|jangan (?:lewatkan|ketinggalan)\b[^.!?\n]{0,40}\bvideo\b[^.!?\n]{0,40}",
            re.IGNORECASE,
        ),
    ),
    ("video embed", re.compile(r"\[[A-Za-z]+:[^\[\]\n]{1,60}\]")),  # "[Gambas:Video CNBC]"
    ("video title", re.compile(r"video\s*:\s*[^.!?\n]{3,150}", re.IGNORECASE)),  # "Video: Judul"
    # "Halaman 1 2", "Halaman Selanjutnya", "Baca selengkapnya"
    (
        "pagination",
        re.compile(
            r"(?:halaman\s*:?\s*)?(?:\d+\s*)+(?:selanjutnya|berikutnya)?"
            r"|baca selengkapnya.{0,100}"
            r"|(?:tampilkan|lihat|baca)\s+(?:semua|seluruh)(?:\s+halaman)?"  # "Tampilkan semua"
            # with arrows: "Halaman Selanjutnya »", "Halaman 1 dari 2", "« Sebelumnya 1 2"
            r"|[«‹<←]?\s*(?:(?:halaman|page)\s+(?:selanjutnya|berikutnya|sebelumnya|next|previous)"
            r"|(?:halaman|hal\.?|page)\s*\d{1,3}\s*(?:dari|of|/)\s*\d{1,3}"
            r"|(?:(?:sebelumnya|selanjutnya|berikutnya|prev(?:ious)?|next)\b\s*|\d{1,2}\b\s*){1,12})"
            r"\s*[»›>→]?",
            re.IGNORECASE,
        ),
    ),
    # "Follow Berita X di Google News", "Baca berita lainnya di Google News", "Dapatkan Berita
    # Pilihan", "Follow WhatsApp Channel X untuk update berita terbaru"
    (
        "subscription prompt",
        re.compile(
            r"(?:dapatkan|ikuti|gabung(?:lah)?|follow)\b.{0,120}(?:update|berita|kanal|channel"
            r"|whatsapp|telegram|google news|saluran|newsletter|aplikasi).{0,120}"
            # with a verb that also opens prose, only a line without a final stop
            r"|(?:baca|simak|pantau|cek|klik|unduh|download|daftarkan|berlangganan|subscribe)\b"
            r"[^\n]{0,120}(?:whatsapp|telegram|google news|newsletter|aplikasi|kanal|channel"
            r"|saluran)[^.!?\n]{0,120}"
            r"|masukkan (?:alamat )?(?:e-?mail|surel)(?: anda)?\.{0,3}"
            # "Berlangganan newsletter kami", "Daftar", "Subscribe"
            r"|(?:berlangganan|langganan|subscribe|daftar)(?:\s+(?:ke\s+)?(?:newsletter|buletin"
            r"|nawala)\b[^.!?\n]{0,60})?",
            re.IGNORECASE,
        ),
    ),
    (
        "republication note",
        re.compile(r"artikel ini telah (?:tayang|terbit|dipublikasikan).{0,200}", re.IGNORECASE),
    ),
    # "Share :", "Bagikan Artikel Ini", "Share this article"
    (
        "share prompt",
        re.compile(
            r"(?:bagikan|share)(?:\s+(?:artikel|berita|tulisan|this(?: article| story)?)"
            r"(?:\s+ini)?)?(?:\s*:)?"
            # "Bagikan: Facebook Twitter WhatsApp" (a mobile page's share bar)
            r"(?:\s*[,|/•·]?\s*(?:facebook|twitter|x|whatsapp|telegram|line|linkedin|email"
            r"|copy link|salin tautan|salin link)){0,10}",
            re.IGNORECASE,
        ),
    ),
    (
        "comment prompt",
        re.compile(
            r"(?:\d+\s+)?(?:komentar|comments?)(?:\s+anda)?"
            r"|(?:tulis|beri|kirim|lihat|tambah)(?:kan)?\s+komentar"
            r"(?:\s+(?:anda|di sini))?\s*:?",
            re.IGNORECASE,
        ),
    ),
    # "AA" / "Text Sizes" / "Ukuran Font": a text-size widget (its size names follow it)
    (
        "text-size widget",
        re.compile(r"a{1,2}[+-]?|(?:text|font) sizes?|ukuran (?:teks|huruf|font)", re.IGNORECASE),
    ),
    ("topic tag", re.compile(r"#\s*\w[\w -]{0,40}")),  # "# korea selatan"
    # "waktu baca 3 menit", "Baca dalam 2 menit", "3 min read"
    (
        "reading time",
        re.compile(
            r"(?:[·•|]\s*)?(?:waktu (?:baca|membaca)|baca dalam|lama baca)\s*:?\s*[±<~]?\s*\d{1,2}"
            r"\s*(?:menit|mnt|min)\b\.?|\d{1,2}\s*(?:menit|min(?:ute)?s?)\s+(?:baca|membaca|read)"
            # a reader view's estimate alone: "4–5 menit", "3 minutes"
            r"|\d{1,2}(?:\s*[–—-]\s*\d{1,2})?\s*(?:menit|mnt|minutes?|mins?)(?:\s+(?:baca|membaca"
            r"|read|reading))?",
            re.IGNORECASE,
        ),
    ),
    ("separator", re.compile(r"[·•|*~=_-]{1,5}")),  # a lone dot or bar between page widgets
    # "Dibaca 1.234 kali", "2.345 views"
    (
        "view count",
        re.compile(
            r"(?:dibaca|dilihat|views?)\s*:?\s*\d[\d.,]*\s*(?:kali|x|times)?"
            r"|\d[\d.,]*\s*(?:kali dibaca|views?|pembaca)",
            re.IGNORECASE,
        ),
    ),
    # an outlet's note that contributors, not the newsroom, answer for the text
    (
        "disclaimer",
        re.compile(
            r".{0,200}\b(?:(?:sepenuhnya\s+)?(?:menjadi\s+)?tanggung\s*jawab\s+(?:dari\s+)?"
            r"(?:penulis|kontributor|pengirim)|tidak (?:mewakili|mencerminkan) "
            r"(?:pandangan|sikap|pendapat) redaksi)\b.{0,100}",
            re.IGNORECASE,
        ),
    ),
    (
        "section label",
        re.compile(
            r"(?i:home|beranda|news|berita)(?:\s*[>»/|]\s*[\w -]{2,30}){1,4}|[A-Z]{3,20}"
            r"|(?:HOME|BERANDA)(?: [A-Z]{3,20}){1,3}"  # a breadcrumb in capitals: "HOME NEWS DUNIA"
            r"|[a-z]{3,15}[A-Z]{2,10}|[A-Z][a-z]{2,15}\d{1,3}"  # a channel: "siteNEWS", "Kabar24"
            # a live page's label: "LIVE UPDATE", "Live Report", "Breaking News"
            r"|(?i:(?:live(?:\s+(?:update|updates|report|blog|streaming))?|breaking(?:\s+news)?"
            r"|laporan langsung|siaran langsung)\s*:?)"
        ),
    ),
    ("outlet name", re.compile(_OUTLET_NAMES, re.IGNORECASE)),
    # "(rds/rds)", "(esn)", "[uji]"
    (
        "editor initials",
        re.compile(r"\((?:[a-z]{2,5}(?:/[a-z0-9]{2,10})*|\*)\)|\[[a-z]{2,5}(?:/[a-z0-9]{2,10})*\]"),
    ),
    ("photo caption", _CAPTION_WITH_CREDIT),
]
_RELATED_HEADING = re.compile(
    r"(?:artikel|berita|baca|bacaan|saksikan)\s+(?:terkait|lainnya|juga|pilihan|populer"
    r"|terpopuler|terbaru|terkini|selanjutnya|rekomendasi)\s*:?"
    r"|(?:rekomendasi|terpopuler|populer|terbaru|pilihan editor)\s*:?"
    # English headings on Indonesian pages: "Next Article", "Read More", "Related Articles"
    r"|(?:next|previous|related|more|popular|latest)\s+(?:articles?|stories|news|posts?)\s*:?"
    r"|read (?:more|also)\s*:?",
    re.IGNORECASE,
)
# A tag block: "Tags:", "Topik Artikel :", "Tag terkait:", "Kata Kunci", then one tag a line.
_TAG_HEADING = re.compile(
    r"(?:tags?|topik|label|kata kunci|keywords?)(?:\s+(?:artikel|berita|terkait))?\s*:?"
    # "Simak berita lainnya seputar topik artikel ini, di sini:" (topic links follow)
    r"|(?:simak|baca|lihat|cek)\s+(?:berita|artikel)\s+lain(?:nya)?\b[^.!?\n]{0,60}:",
    re.IGNORECASE,
)
_TAG = re.compile(r"#?\s*[\w'’-]+(?:\s+[\w'’-]+){0,4}")  # a short line, no final stop
_WIDGET_SIZES = re.compile(r"small|medium|large|larger|largest|kecil|sedang|besar|normal", re.I)
# The second line of a prompt broken in two: "Dapatkan Berita Pilihan" / "di WhatsApp Anda".
_PROMPT_TAIL = re.compile(
    r"(?-i:[a-z])[\w'’ -]{0,40}(?:whatsapp|telegram|google news|anda)\b.{0,20}", re.I
)
_RELATED = ("related-articles heading", "related-article title")
_PROMPTS = {"subscription prompt", "share prompt", "comment prompt", "video prompt"}
# By-line of names separated by pipes: "Nama Penulis | Nama Editor" (only after the title).
_PIPED_NAMES = re.compile(rf"{_NAME}(?:[^\S\n]*\|[^\S\n]*{_NAME}){{1,3}}")
# A page's promotion of itself: a sentence to the reader ("Anda") that names a web domain.
_PROMOTION = re.compile(
    r"(?=.*\b[Kk]ami\b)(?=.*\bAnda\b).*\b[\w-]+\.(?:com|co\.id|id|net)\b.*"  # "Kami … Anda … x.id"
)
_LINE_RULES_BY_REASON = dict(_LINE_RULES)
# Words of a site's navigation bar; a line of three or more of them only is a menu copied along.
_NAV_WORD_LIST = """beranda home terkini terbaru terpopuler populer trending video videos foto photo
    indeks index kanal topik live tv podcast infografis infografik galeri opini kolom lifestyle
    olahraga sport otomotif tekno teknologi hiburan gaya hidup kesehatan edukasi regional daerah
    metro megapolitan menu cari search more lainnya facebook twitter whatsapp telegram instagram
    youtube tiktok linkedin"""
_NAV_WORDS = frozenset(_NAV_WORD_LIST.split()) | _SECTION_LABELS
# A page's running header in an e-paper copy: "HARIAN X | RABU, 12 JULI 2023 | HALAMAN 9".
_HEADER_PARTS = re.compile(r"[^\S\n]*[|•·][^\S\n]*|[^\S\n]+[–—/][^\S\n]+")
_DATE_IN_LINE = re.compile(_DATE_ONLY, re.IGNORECASE)
_LINK_GAPS = re.compile(r"[^\S\n]*[|•·][^\S\n]*|[^\S\n]{2,}")
_FOOTER_LINK = re.compile(_FOOTER_LINKS, re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"(?:hal(?:aman)?\.?|hlm\.?|page)?[^\S\n]*[A-Z]?\d{1,3}", re.IGNORECASE)
# WhatsApp's bold, italic and strike-through marks: "*Judul*", "_kata_", "~kata~".
# The marked text starts with a letter: "*141*#" (a phone code) and "~500" keep their signs.
_CHAT_MARKS = re.compile(
    r"(?<![\w*_~])([*_~])(?=[^\W\d_])[^\n*_~]{0,300}?(?<![\s*_~])\1(?![\w*_~])"
)
_PAGE_SUFFIX = re.compile(
    r"[^\S\n]*(?:[-–—|:]|\()[^\S\n]*(?:hal(?:aman)?\.?|page|bagian)[^\S\n]*\d{1,3}\)?$", re.I
)
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad\u2010]\n(?=[^\W\d_])")  # also soft
# Rules whose pattern could also fit a report sentence: such a line goes only if it does not read
# like one (see _reads_like_report_sentence); label-led rules ("Foto:", "Baca juga:") are safe.
_SENTENCE_GUARDED = {"copyright", "subscription prompt", "by-line", "source line"}
# Notices are whole sentences themselves ("Dilarang mengutip … tanpa izin."): only reported
# speech marks one as the report's ("Dilarang mengambil gambar di sini, kata petugas.").
_SPEECH_GUARDED = {"rights notice", "disclaimer"}
# Reported speech closing a line (", kata polisi.", ", ujar juru bicara."): a report sentence.
_ATTRIBUTION = re.compile(
    r",[^\S\n]*(?:kata|ujar|ucap|tutur|jelas|tegas|imbuh|tambah)(?:nya)?\b[^,\n]{0,60}[.!?”\"’]$"
)
# Short rules that a word or two of a hard-wrapped sentence can fit ("menu", "90 menit", an
# address, "(lihat halaman 12)"): such a line goes only if it does not continue a sentence.
_WRAP_GUARDED = {
    "link",
    "timestamp",
    "reading time",
    "navigation",
    "jump line",
    "outlet name",
    "section label",
    "pagination",
}
# Rules for a bare number or duration, which the value under a label ending in a colon also is.
_VALUE_GUARDED = {"pagination", "reading time"}
# Rules for a bare word or number, which a chat list's item led by an emoji or in bold also is;
# a live page's label keeps its emoji ("🔴 LIVE", "⚡ BREAKING NEWS") and still goes.
_BARE_WORDS = {"section label", "pagination"}
_LIVE = re.compile(r"(?:live|breaking)(?: update| report| news)?|siaran langsung", re.IGNORECASE)
# A label alone on its line whose value is on the next line: "Oleh :" / "Nama", "Photo :" / credit.
_BARE_LABEL = re.compile(rf"(?:({_BYLINE_WORDS})|(foto|photo|kredit foto|sumber foto))\s*:?", re.I)
_CREDITS_BLOCK = re.compile(r"editorial team|tim editorial|tim redaksi|redaksi", re.IGNORECASE)
# A name in a credits block, possibly glued to its role: "EditorNama Orang".
_CREDITS_NAME = re.compile(rf"(?:(?i:{_BYLINE_WORDS}|writer|penulis)\s*:?\s*)?{_NAME}")
# A caption and its credit on one line: "Caption. Foto: X", "Caption./Credit", "Caption.(AFP)".
_CAPTION_AND_CREDIT = re.compile(
    rf"(?P<caption>[^\n]{{3,250}}?[.!?])(?P<credit>[^\S\n]*(?:(?i:foto|photo|kredit foto)[^\S\n]*:"
    rf"[^\S\n]*\S[^\n]{{0,100}}|/[^\S\n]*(?-i:[A-Z])[^\n/]{{2,100}}|{_CREDIT_PAREN}))"
)
# Words that look like affixed verbs but are prepositions or conjunctions.
_NOT_VERB_LIST = """bersama beserta berikut berkat terhadap tersebut terkait tertentu terutama
    melalui menurut menuju mengenai menjelang meski meskipun diantara diri dia dialog berita terbaru
    terkini teror terorisme mereka menteri media menit merdeka diplomasi digital direktur dinas
    diskusi dimensi memori metode mesin"""
_NOT_VERBS = frozenset(_NOT_VERB_LIST.split())
_VERB_LIKE = re.compile(r"\b(?:me[mny]?|meng|ber|di|ter|memper|diper)[a-z]{3,}\b")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_SENTENCES = re.compile(r"[.!?][\"”’]?\s+[A-Z]")  # a stop, then another sentence
# Editor initials closing a paragraph: "(rds/rds)", "[uji]", or "(esn)" right after a stop.
_TRAILING_INITIALS = re.compile(
    r"(?:\s*\((?:[a-z]{2,5}(?:/[a-z0-9]{2,10})+|\*)\)|\s*\[[a-z]{2,5}(?:/[a-z0-9]{2,10})*\]"
    r"|(?<=[.!?”\"’])[^\S\n]*\([a-z]{2,5}\))[^\S\n]*$"
)
_TRAILING_CREDIT = re.compile(
    rf"\s*(?:{_CREDIT_PAREN}|\bANTARA(?: FOTO)?/\S+)[^\S\n]*$|{_CREDIT_AFTER_STOP}[^\S\n]*$"
)

# Datelines: "SUGAWA.ID- ", "JAKARTA, KOMPAS.com - ", "VILNIUS, SITE.COM-", "SEOUL -- ",
# "Jakarta (ANTARA) - ", "Seoul, Korea Selatan (ANTARA) -", "Jakarta, CNN Indonesia -- ",
# "Jakarta - ", "KOMPAS.com - ", "TEMPO.CO, Jakarta - ", "Liputan6.com, Jakarta " (no dash).
_CAPS_PLACE = r"[A-Z][A-Z'’.-]+(?:[^\S\n]+[A-Z][A-Z'’.-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-z'’-]+(?:[^\S\n]+[A-Z][a-z'’-]+){0,3}"
_OUTLET = r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z]{2,4}){1,2}|CNN Indonesia|[a-z]+[A-Z][A-Za-z]+)"
_AGENCY = r"\([A-Z][A-Za-z]*(?:[ .][A-Za-z]+){0,3}\)"
_DASH = r"(?:[^\S\n]+(?:-{1,2}|–|—)[^\S\n]*|(?:-{1,2}|–|—)[^\S\n]+)"
# A chat forward's dateline in bold: "*Jakarta, Nama TV* – " (the marks go with the dateline).
_DATELINE = re.compile(
    rf"[^\S\n]*\*?(?:(?:{_CAPS_PLACE}|{_TITLE_PLACE})(?:[^\S\n]*,[^\S\n]*(?:{_CAPS_PLACE}|{_TITLE_PLACE}"
    rf"|{_OUTLET}|{_BRAND}))?(?:[^\S\n]*{_AGENCY})?\*?{_DASH}"
    rf"|{_TITLE_PLACE}[^\S\n]*{_AGENCY}[^\S\n]*:[^\S\n]+"
    rf"|{_OUTLET}[^\S\n]*,[^\S\n]*"
    rf"(?:(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_DASH}|[A-Z][\w'’-]+[^\S\n]+(?=[A-Z]))"
    rf"|{_OUTLET}{_DASH}"
    rf"|(?-i:[A-Z]{{2,}}[^\S\n]+[A-Z][a-z]+){_DASH})"  # a brand and its channel: "VIVA Dunia – "
)
_BARE_DATELINE = re.compile(rf"[^\S\n]*{_TITLE_PLACE}{_DASH}")
_MAX_DATELINE = 70
_MAX_TITLE = 200
_OPENING_LINES = 4  # a dateline is looked for in the first kept lines with content


def clean_text(raw: str) -> CleanText:
    """Set aside page furniture, keeping a record of every piece and the reason.

    Whole lines (judged on their stripped content) go when they are: by-lines (``Penulis:``,
    ``Reporter :``, ``Editor:``, ``Tim Redaksi``, ``Nama, Jurnalis``, ``Rubrik - Nama, Outlet``,
    ``(Outlet.com/Nama)``, names separated by ``|`` after the title, a name alone between the
    title and the date line); date lines in Indonesian or English, absolute or relative
    (``Selasa, 11 Juli 2023 19:05 WIB``, ``11 July 2023 18:40``, ``2 jam lalu``); photo credits
    and captions (``Foto: …``, ``(Foto: Reuters)``, ``Sumber gambar, …``, a one-sentence line
    ending in a credit such as ``(AFP/Arsip)``, ``©2023 …`` or ``[Lembaga]``); related-article
    links and lists (``Baca juga: …``; a heading such as ``Artikel Terkait``, ``Berita Populer``
    or ``Next Article`` followed by headline-like lines, through their section labels and
    dates); tag blocks (``Tags:``, ``Topik Artikel :``, ``Tag terkait:`` and the short lines
    after it, ``# tag``); ``Sumber: …``; copyright and rights notices; advertising, scroll,
    loading, pagination (``Halaman 1 2``), share, comment, subscription and video prompts, each
    with its own reason (a prompt broken over two lines goes whole); video embeds and titles;
    a text-size widget (``AA`` / ``Text Sizes`` / size names); an outlet's promotion of itself
    (``Kami … Anda … outlet.id``); section labels; an outlet's name alone; editor initials such
    as ``(rds/rds)``, ``[abc]``; a repeat of an earlier headline-like line or of the first line;
    a label alone with its value on the next line (``Oleh :`` / name, ``Photo :`` / credit) and
    the names under ``Editorial Team`` or ``Tim Redaksi``; a caption line just above a ``Foto:``
    credit, or with its credit on the same line (``Caption. Foto: X``, ``Caption./Credit``,
    ``Caption.(AFP)``: two pieces); channel labels (``siteNEWS``, ``Kabar24``) and breadcrumb
    parts after a section label; reading time (``waktu baca 3 menit``) and lone separators;
    contributor disclaimers; ``Simak berita lainnya … di sini:`` topic links.
    A line that reads like a report sentence (eight words or more, a verb, a final stop) is never
    removed whole by a rule that could also fit a sentence: a wire code closing it, such as
    ``(AFP/Ant/Z-2)``, is split off alone as an "agency credit".
    Within a kept line, one dateline is removed at the start of one of the first four lines of
    prose (``Jakarta (ANTARA) -``, ``TRIBUNNEWS.COM, VILNIUS -``, ``Jakarta, CNBC Indonesia -``,
    ``SITUS Dunia –`` (a brand and its channel),
    ``TEMPO.CO, Jakarta -``, ``Jakarta -`` …) when the rest reads like prose; a bare
    ``Place -`` counts only before the first line of prose. Editor initials (``(rds/rds)``,
    ``[abc]``, ``(abc)`` after a stop) or a photo credit at the end of a line go too, and so does
    a byte-order mark.

    Pages pasted from other views: a web address alone or after a short label (``👉 Baca
    selengkapnya: https://…``); a line led by an emoji or wrapped in chat marks (``📌 Sumber: …``,
    ``*Baca juga: …*``) is judged without them; a live page's bare time (``17.20 WIB``) and
    labels (``LIVE UPDATE``), load-more buttons, newsletter prompts; an app's menu words and a
    line made only of navigation words; a reader view's site name, reading time (``4–5 menit``)
    and the name above it; page navigation (``Halaman 1 dari 2``, ``1 2 Selanjutnya »``) and a
    headline repeated cut short (``Judul...``); an e-paper's running header (``HARIAN X | RABU,
    12 JULI 2023 | HALAMAN 9``) and jump lines (``Bersambung ke hal 11``). Inside kept lines,
    WhatsApp marks around words (``*tebal*``, ``_miring_``) go one character at a time, a bold
    dateline (``*Jakarta, Nama TV* –``) goes with its marks, a dateline on a hard-wrapped first
    line counts, and a word split at a line end loses its hyphen and line break (``pertahan-`` /
    ``an``), or only the line break before a capital or a doubled word (``Indo-`` / ``Pasifik``).
    Rules read each line with no-break spaces, curly apostrophes and soft hyphens evened out.

    Blank lines stay in the body. Each removed piece keeps its line break, so the body's spans
    and the removed pieces together cover the raw text exactly.
    """
    require_text(raw, "raw")
    removed: list[Removed] = []
    kept: list[tuple[int, int]] = []
    first = 0
    if raw.startswith("\ufeff"):
        removed.append(Removed("\ufeff", "byte-order mark", 0, 1))
        first = 1
    previous: str | None = None  # why the previous line with content was removed
    headlines: set[str] = set()
    opening_lines = 0
    after_prose = False  # past a line of prose, only a dateline naming an outlet counts
    label_value: tuple[str, bool] | None = None  # (reason, more lines may follow) after a label
    lines = [match.span() for match in _LINES.finditer(raw, first)]
    plains = [_plain(raw[start:end].strip()) for start, end in lines]
    contents = [_unwrapped(plain) for plain in plains]
    cuts: list[Removed] = []  # single characters set aside inside kept lines (chat marks, hyphens)
    for number, (start, end) in enumerate(lines):
        content = contents[number]
        if not content:
            kept.append((start, end))
            continue
        reason = _label_value(content, label_value)
        if reason and label_value and not label_value[1]:
            label_value = None  # a one-line value: "Oleh :" / "Nama"
        elif not reason:
            label_value = _label_opens(content)
            reason = label_value[0] if label_value else None
        if reason:
            removed.append(Removed(raw[start:end], reason, start, end))
            previous = reason
            continue
        reason = _line_reason(content, previous, headlines)
        if reason in _BARE_WORDS and content != plains[number] and not _LIVE.fullmatch(content):
            reason = None  # "🔹 Pertahanan", "*Ekonomi*", "🥇 12": a list item; "🔴 LIVE" goes
        if reason and _report_text_by_neighbours(reason, contents, number):
            reason = None
        if not reason and headlines and not after_prose and _name_before_date(contents, number):
            reason = "by-line"  # a by-line that is only a name, between the title and the date
        if not reason and headlines and _caption_before_credit(contents, number):
            reason = "photo caption"  # a caption line above its "Foto:" / "Photo :" credit
        split = None if reason else _CAPTION_AND_CREDIT.fullmatch(content)
        if split and not _reads_like_report_sentence(split["caption"]):
            line, origin = _plain_view(raw[start:end])
            cut = start + origin[line.index(content) + split.end("caption")]
            removed.append(Removed(raw[start:cut], "photo caption", start, cut))
            removed.append(Removed(raw[cut:end], "photo credit", cut, end))
            previous = "photo credit"
            continue
        if not (previous in _RELATED and reason in ("section label", "date line")):
            previous = reason  # a related list goes on past a title's section label and date
        if reason:
            removed.append(Removed(raw[start:end], reason, start, end))
            continue
        if _headline_like(content) or (not headlines and len(content) <= _MAX_TITLE):
            # the first line is the title, even with a stop
            _remember_headline(headlines, _headline_key(content))
        if opening_lines < _OPENING_LINES:
            opening_lines += 1 if _reads_like_prose(content) else 0  # titles, labels don't count
            following = contents[number + 1] if number + 1 < len(contents) else ""
            dateline = _dateline(raw, start, end, after_prose, following[:1].islower())
            opening_lines += _OPENING_LINES if dateline else 0
            after_prose = after_prose or _reads_like_prose(content)
            if dateline:
                removed.append(Removed(raw[start:dateline], "dateline", start, dateline))
                start = dateline
        line_end = end - 1 if raw[end - 1] == "\n" else end
        if any(mark in raw[start:line_end] for mark in "*_~"):
            for mark in _CHAT_MARKS.finditer(raw, start, line_end):
                for at in (mark.start(), mark.end() - 1):
                    cuts.append(Removed(raw[at], "formatting mark", at, at + 1))
        credit = "agency credit" if _reads_like_report_sentence(content) else "photo credit"
        for why, pattern in (
            ("editor initials", _TRAILING_INITIALS),
            (credit, _TRAILING_CREDIT),
        ):
            tail = pattern.search(raw, start, line_end)
            if tail and raw[start : tail.start()].strip():
                kept.append((start, tail.start()))
                removed.append(Removed(tail.group(), why, tail.start(), tail.end()))
                start = tail.end()
                break
        kept.append((start, end))
    kept = _merge(kept)
    cuts.extend(_line_end_hyphens(raw, kept))
    if cuts:
        kept = _cut(kept, cuts)
        removed.extend(cuts)
    removed.sort(key=lambda piece: piece.start)
    body = "".join(raw[s:e] for s, e in kept)
    return CleanText(raw=raw, body=body, removed=removed, kept=kept)


def _line_end_hyphens(raw: str, kept: list[tuple[int, int]]) -> list[Removed]:
    """Words split across a line end in a hard-wrapped copy (an e-paper or PDF) lose the line
    break. A visible hyphen stays: no rule can tell a layout hyphen ("pertahan-" / "an") from a
    real one ("bolak-" / "balik", "sebaik-" / "baiknya", "e-" / "paspor"), and keeping a stray
    hyphen loses nothing. A soft hyphen (U+00AD), a break the text allows but does not show, goes
    with the line break."""
    body = "".join(raw[s:e] for s, e in kept)
    if not _LINE_END_HYPHEN.search(body):
        return []
    pieces = []
    span, span_body_start = 0, 0  # the kept span holding the match, and where it starts in body
    for match in _LINE_END_HYPHEN.finditer(body):
        while match.start() >= span_body_start + kept[span][1] - kept[span][0]:
            span_body_start += kept[span][1] - kept[span][0]
            span += 1
        at = kept[span][0] + match.start() - span_body_start
        if raw[at : at + 2] != match.group():
            continue  # the hyphen and the line break are not next to each other in the raw text
        if match.group()[0] == "\u00ad":
            pieces.append(Removed(match.group(), "line-end hyphen", at, at + 2))
        else:
            pieces.append(Removed("\n", "line break", at + 1, at + 2))
    return pieces


def _cut(kept: list[tuple[int, int]], cuts: list[Removed]) -> list[tuple[int, int]]:
    """The kept spans without the raw ranges of ``cuts`` (each inside one kept span)."""
    result = []
    ordered = sorted((piece.start, piece.end) for piece in cuts)
    index = 0
    for start, end in kept:
        while index < len(ordered) and ordered[index][0] < end:
            cut_start, cut_end = ordered[index]
            if cut_start >= start:
                result.append((start, cut_start))
                start = max(start, cut_end)
            index += 1
        result.append((start, end))
    return [(s, e) for s, e in result if s < e]


def _line_reason(content: str, previous: str | None, headlines: set[str]) -> str | None:
    """Why a whole line is furniture, given why the line before it was (``previous``)."""
    if _RELATED_HEADING.fullmatch(content):
        return "related-articles heading"
    if _TAG_HEADING.fullmatch(content):
        return "tags heading"
    if (
        previous in ("tags heading", "topic tag")
        and _TAG.fullmatch(content)
        and len(content) < 50
        and not any(_LINE_RULES_BY_REASON[p].fullmatch(content) for p in _PROMPTS)
    ):
        return "topic tag"
    if previous == "section label" and _breadcrumb_part(content):
        return "section label"
    if previous == "text-size widget" and _WIDGET_SIZES.fullmatch(content):
        return "text-size widget"
    if previous in _PROMPTS and _PROMPT_TAIL.fullmatch(content):
        return previous  # the second line of a prompt broken in two
    if len(content) <= 300:
        for why, rule in _LINE_RULES:
            if rule.fullmatch(content) and not _kept_as_prose(why, rule, content):
                return why  # a caption is one sentence; prose with a credit keeps its sentences
        if _navigation_bar(content):
            return "navigation"  # before names split by bars: "Tentang Kami | Kontak"
        if headlines and _PIPED_NAMES.fullmatch(content):
            return "by-line"
        if _PROMOTION.fullmatch(content):
            return "outlet promotion"
    if len(content) <= 300 and content.lower() in _SECTION_LABELS:
        return "section label"
    if len(content) <= 20 and all(_is_symbol(char) or char in " ·•|*~=_-" for char in content):
        return "separator"  # "🔴🔴🔴", "• • •"
    if _running_header(content):
        return "running header"
    if previous in _RELATED and _headline_like(content):
        return "related-article title"
    if len(content) <= _MAX_TITLE and _headline_key(content) in headlines:  # a repeated headline
        return "repeated headline"
    if _shortened_headline(content, headlines):
        return "repeated headline"
    without_page = _PAGE_SUFFIX.sub("", content)
    if without_page != content and _headline_key(without_page) in headlines:
        return "repeated headline"  # "Judul (Halaman 2)", "Judul - Page 2"
    return None


def _report_text_by_neighbours(reason: str, contents: list[str], number: int) -> bool:
    """True when the lines around a short rule's match show it is report text: a word or two of
    a sentence hard-wrapped over lines (the line above ends in a word, the one below goes on in
    lower case: "…juru masak menyajikan" / "menu" / "khas Lituania."), or the value under a
    label ending in a colon ("Korban meninggal:" / "27", "Durasi pertemuan:" / "45 menit")."""
    above = contents[number - 1] if number else ""
    below = contents[number + 1] if number + 1 < len(contents) else ""
    if reason in _WRAP_GUARDED and above[-1:].isalnum() and below[:1].islower():
        return True
    return reason in _VALUE_GUARDED and above.endswith(":") and not _label_opens(above)


def _navigation_bar(content: str) -> bool:
    """Three to twelve words, each a word of a site's menu ("Beranda Terkini Video Foto"), or two
    to twelve footer links split by bars or wide gaps ("Tentang Kami | Pedoman Media Siber")."""
    words = content.casefold().split()
    if 3 <= len(words) <= 12 and all(word in _NAV_WORDS for word in words):
        return True
    if len(content) > 200:
        return False
    parts = [part for part in _LINK_GAPS.split(content) if part]
    return 2 <= len(parts) <= 12 and all(
        _FOOTER_LINK.fullmatch(part) or part.casefold() in _NAV_WORDS for part in parts
    )


def _running_header(content: str) -> bool:
    """An e-paper page's header: two to five parts split by bars, one a date, one a page number,
    the others short names ("HARIAN X | RABU, 12 JULI 2023 | HALAMAN 9", "… | A7")."""
    if len(content) > 120:
        return False
    parts = [part for part in _HEADER_PARTS.split(content) if part]
    if len(parts) == 1:
        return _bare_running_header(content)
    if not 2 <= len(parts) <= 5:
        return False
    date_rule = _LINE_RULES_BY_REASON["date line"]
    dates = [part for part in parts if date_rule.fullmatch(part)]
    # "A7" alone is a page only between bars: "G7 – 19 Mei 2023 – Hiroshima" is a timeline
    pages = [p for p in parts if _PAGE_NUMBER.fullmatch(p) and (p.isdigit() or "|" in content)]
    others = [part for part in parts if part not in dates and part not in pages]
    return bool(dates and pages) and all(
        len(part) <= 40 and part[-1] not in ".!?" for part in others
    )


_PREFIX = "\x00"  # marks a headline's opening words in the set of headlines


def _remember_headline(headlines: set[str], key: str) -> None:
    """Add a headline's key, and its openings of two words or more (for a repeat cut short)."""
    headlines.add(key)
    words = key.split()
    for count in range(2, min(len(words), 25)):
        headlines.add(_PREFIX + " ".join(words[:count]))


def _bare_running_header(content: str) -> bool:
    """A running header without bars: "HARIAN X RABU, 12 JULI 2023 9", "9 Harian X 12 Juli 2023"."""
    date = _DATE_IN_LINE.search(content)
    if not date:
        return False
    before, after = content[: date.start()].strip(" ,-–—"), content[date.end() :].strip(" ,-–—")
    number = re.match(r"(?:hal(?:aman)?\.?|hlm\.?|page)?\s*[A-Z]?\d{1,3}\b\s*", before, re.I)
    if _PAGE_NUMBER.fullmatch(after):
        name = before
    elif number and not after:
        name = before[number.end() :]
    else:
        return False
    return len(name) <= 40 and bool(re.fullmatch(r"(?:[A-Z][\w.&'-]*\s*){0,5}", name))


def _shortened_headline(content: str, headlines: set[str]) -> bool:
    """A headline repeated on a later page cut short with an ellipsis: "Korsel-NATO Sepakati..."."""
    if not content.endswith(("...", "…")) or len(content) > _MAX_TITLE:
        return False
    key = _headline_key(content)
    return len(key.split()) >= 2 and _PREFIX + key in headlines


_PLAIN = {
    **{ord(space): " " for space in "\u00a0\u2007\u202f\u2009\u200a"},  # no-break, thin spaces
    **{ord(mark): "'" for mark in "\u2018\u2019\u02bc"},  # curly apostrophes: "Jum’at"
}


def _plain(content: str) -> str:
    """A line as the rules read it: no-break and thin spaces as spaces, curly apostrophes as
    straight ones, soft hyphens and other invisible format characters dropped. Only decisions use
    it; offsets always come from the raw text (see :func:`_plain_view`)."""
    return _plain_view(content)[0].strip()


def _plain_view(text: str) -> tuple[str, list[int]]:
    """:func:`_plain` of ``text`` (not stripped) and, for each of its characters and its end, the
    offset in ``text`` it comes from."""
    if text.isascii():
        return text, list(range(len(text) + 1))
    chars, origin = [], []
    for index, char in enumerate(text.translate(_PLAIN)):
        if not is_invisible(char):
            chars.append(char)
            origin.append(index)
    origin.append(len(text))
    return "".join(chars), origin


def _is_symbol(char: str) -> bool:
    """An emoji or pictograph (not ©, ®, ™ or °), or a mark that joins or tints one."""
    category = unicodedata.category(char)
    return (category == "So" and char not in "©®℗™°") or category in ("Sk", "Cf", "Mn")


def _unwrapped(content: str) -> str:
    """The line without an emoji or symbol leading it ("👉 Baca selengkapnya: …") and without
    chat marks around it ("*Judul*"), so that the line rules see the furniture itself."""
    at = 0
    while at < len(content) and (
        (_is_symbol(content[at]) and (at or unicodedata.category(content[at]) == "So"))
        or content[at] in "►▶➡→"
    ):
        at += 1
    if at and at < len(content) and content[at].isspace():
        content = content[at:].strip()
    elif at:
        return content  # a symbol glued to a word: leave the line as it is
    if len(content) > 2 and content[0] == content[-1] and content[0] in "*_~":
        inner = content[1:-1].strip()
        if inner and _CHAT_MARKS.fullmatch(content):
            return inner
    return content


def _breadcrumb_part(content: str) -> bool:
    """A short line naming a section ("Berita Dunia") after a section label: a breadcrumb."""
    words = content.casefold().split()
    return (
        0 < len(words) <= 3
        and content[-1] not in ".!?"
        and any(word in _SECTION_LABELS for word in words)
    )


def _kept_as_prose(why: str, rule: re.Pattern[str], content: str) -> bool:
    """True when a line a rule matched must stay: report prose, not furniture."""
    if rule is _CAPTION_WITH_CREDIT:
        # One sentence; if it reads like report prose, only a credit that says "Foto" makes it a
        # caption: a wire code such as "(AFP/Ant/Z-2)" also closes report paragraphs.
        without_credit = _TRAILING_CREDIT.sub("", content)
        credit = content[len(without_credit) :]
        return bool(_SENTENCES.search(without_credit)) or (
            _reads_like_report_sentence(without_credit)
            and not re.search(r"\b(?:foto|photo)\b", credit, re.IGNORECASE)
        )
    if why == "copyright" and re.search(r"©|copyright|all rights", content, re.IGNORECASE):
        return False
    if why == "subscription prompt" and not re.search(r"[.!?]$", content):
        return False
    if why in _SPEECH_GUARDED:
        return bool(_ATTRIBUTION.search(content))
    return why in _SENTENCE_GUARDED and (
        _reads_like_report_sentence(content) or bool(_ATTRIBUTION.search(content))
    )


def _reads_like_report_sentence(content: str) -> bool:
    """True for a line that reads like a sentence of the report: eight words or more, a stop at
    the end and a lower-case word shaped like an Indonesian verb (me-, ber-, di-, ter-). Such a
    line is never removed whole by a rule that could also fit furniture (a caption with a credit,
    a "hak cipta" or "ikuti" line); at most its trailing credit is split off.
    """
    words = content.split()
    if len(words) < 8 or content.rstrip()[-1:] not in tuple('.!?”"’)'):
        return False
    return any(verb not in _NOT_VERBS for verb in _VERB_LIKE.findall(content))


def _label_opens(content: str) -> tuple[str, bool] | None:
    """The (reason, more lines) a label line opens for the line(s) after it, else None.

    "Oleh :" or "Photo :" alone opens one value line; "Editorial Team" opens a block of names.
    """
    label = _BARE_LABEL.fullmatch(content)
    if label and (content.endswith(":") or label.group(2)):
        return ("by-line" if label.group(1) else "photo credit", False)
    if _CREDITS_BLOCK.fullmatch(content):
        return ("by-line", True)
    return None


def _label_value(content: str, label: tuple[str, bool] | None) -> str | None:
    """The reason for a line that holds the value of the label line above it (a name, a credit)."""
    if not label or len(content) > 80 or content[-1] in ".!?" or len(content.split()) > 8:
        return None
    if label[1] and not _CREDITS_NAME.fullmatch(content):
        return None
    return label[0]


def _caption_before_credit(contents: list[str], number: int) -> bool:
    """True when line ``number`` is a short non-sentence line right above a photo credit line."""
    content = contents[number]
    if len(content) > 200 or _reads_like_report_sentence(content):
        return False
    following = next((c for c in contents[number + 1 :] if c), "")
    label = _BARE_LABEL.fullmatch(following)
    return bool(label and label.group(2)) or bool(
        _LINE_RULES_BY_REASON["photo credit"].fullmatch(following)
        and re.match(r"(?i:foto|photo)\s*:", following)
    )


def _name_before_date(contents: list[str], number: int) -> bool:
    """True when line ``number`` is only a name (two to five capitalised words) and the next
    line with content is a date line: the by-line shape "Title / Name / Date" of many pages."""
    if not re.fullmatch(rf"{_NAME}", contents[number]) or len(contents[number].split()) < 2:
        return False
    following = next((c for c in contents[number + 1 :] if c), "")
    return bool(
        _LINE_RULES_BY_REASON["date line"].fullmatch(following)
        or _LINE_RULES_BY_REASON["reading time"].fullmatch(following)  # a reader view's by-line
    )


def _headline_like(content: str) -> bool:
    return len(content) <= _MAX_TITLE and content[-1] not in '.:;,!"”’'


def _headline_key(content: str) -> str:
    return " ".join(content.strip("-•·.!?:;, ").casefold().split())


def _dateline(
    raw: str, start: int, end: int, after_prose: bool, continues: bool = False
) -> int | None:
    """End of a dateline at the start of raw[start:end], if the rest of the line is prose.

    After a line of prose (a standfirst, a caption) only a dateline naming an outlet or agency
    or written in capitals counts: "Jakarta - Bandung ditempuh tiga jam." is not one.
    """
    line, origin = _plain_view(raw[start:end])  # "Jakarta\u00a0-", "Vil\u00adnius -"
    match = _DATELINE.match(line)
    if not match or origin[match.end()] > _MAX_DATELINE:
        return None
    if after_prose and _BARE_DATELINE.fullmatch(match.group()):
        return None
    if match.group().count("*") not in (0, 2):
        return None  # a bold mark opened in the dateline must close in it
    rest = line[match.end() :].strip()
    # a hard-wrapped first line ("VILNIUS (PR) - Korea Selatan dan NATO" / "mengadopsi …")
    if len(rest.split()) < 3 or not (_reads_like_prose(rest) or continues):
        return None
    return start + origin[match.end()] if rest[0].isupper() or rest[0] in "“\"'" else None


def _reads_like_prose(content: str) -> bool:
    return content[-1:] in tuple('.!?”"’)') or len(content) > 120


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        elif start < end:
            merged.append((start, end))
    return merged
