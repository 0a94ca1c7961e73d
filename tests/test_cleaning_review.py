"""Review probes: real report text that clean_text must keep (review of the paste-habit rules).

Each probe is a small page made only of report text (plus, where listed, furniture that may go).
``test_real_text_removed`` holds the probes that currently LOSE real text (strict xfail: when a
rule is fixed the xfail turns into a failure and the probe should move to the kept list);
``test_real_text_kept`` holds the probes that the cleaner handles.  Each loss names the rule and,
in brackets, whether the rule came with the paste-habit batch (since 2a78f8d) or was older.
Formatting-mark losses are single characters ("_hitung_" becomes "hitung"). A removed line
break loses no text: it joins a hard-wrapped line ("bolak-" / "balik" reads "bolak-balik").
"""

# ruff: noqa: E501 (probe pages and loss records are kept one to a line, as the reviewer wrote them)

from __future__ import annotations

import pytest

from helpers import clean_text

BODY = "Presiden Yoon Suk Yeol bertemu Sekretaris Jenderal NATO Jens Stoltenberg di Vilnius."
OTHER = "Keduanya mengadopsi program kemitraan baru yang mencakup sebelas bidang kerja sama."


def L(line, title="Korea Selatan dan NATO Sepakati Program Kemitraan"):
    return f"{title}\n{BODY}\n{line}\n{OTHER}\n"


# (id, raw page, furniture pieces allowed to go, compared stripped)
PROBES = [
    # timestamps / live blog
    ("time-colon", L("17.20 WIB: Presiden tiba di bandara Vilnius."), []),
    ("time-dash", L("17.20 WIB - Presiden Yoon tiba di bandara Vilnius"), []),
    ("time-pukul-sentence", L("Pukul 09.00 WIB rombongan berangkat ke lokasi KTT."), []),
    ("live-tvri", L("Live di TVRI, Presiden mengatakan Indonesia mendukung perdamaian."), []),
    ("live-short", L("Siaran langsung dimulai pukul 19.00 WIB."), []),
    # URLs / e-mail
    (
        "url-in-sentence",
        L("Dokumen ITPP dapat dibaca di https://www.nato.int/itpp sejak Rabu."),
        [],
    ),
    (
        "url-after-colon",
        L("Dokumen lengkap ITPP dapat diunduh di laman resmi: https://www.nato.int/itpp"),
        [],
    ),
    (
        "www-after-colon",
        L("Pendaftaran beasiswa dibuka hingga 30 Juli melalui: www.beasiswa.example.id"),
        [],
    ),
    (
        "email-sentence",
        L("Warga dapat melapor melalui surel pengaduan@kemlu.go.id setiap hari."),
        [],
    ),
    ("email-after-colon", L("Laporan warga diterima melalui surel: pengaduan@kemlu.go.id"), []),
    (
        "promo-domain",
        L(
            "Kami mengimbau Anda memeriksa status gunung di laman magma.esdm.go.id, kata Kepala PVMBG."
        ),
        [],
    ),
    ("domain-alone-line", L("Informasi resmi tersedia di\nkemlu.go.id\nsetiap hari kerja."), []),
    # short one-line paragraphs / nav words
    ("menu-utama", L("Menu utama KTT adalah keamanan."), []),
    ("halaman-istana", L("Halaman Istana Merdeka dipenuhi wartawan."), []),
    ("selanjutnya", L("Selanjutnya, Yoon bertemu Perdana Menteri Jepang."), []),
    ("masuk-ruang", L("Masuk ke ruang sidang, para pemimpin berfoto bersama."), []),
    ("daftar-negara", L("Daftar negara mitra NATO terus bertambah."), []),
    ("sumber-kata", L("Sumber: kata seorang pejabat, pertemuan itu berlangsung alot."), []),
    ("cari-short", L("Cari aman saja."), []),
    ("tutup-quote", L("Tutup!"), []),
    ("terbaru-para", L("Terbaru, Swedia resmi menjadi anggota NATO."), []),
    ("nav-words-heading-sentence", L("Olahraga dan kesehatan menjadi topik lain."), []),
    # asterisks, underscores, tildes
    ("score-asterisk", L("Korea Selatan menang dengan skor 3*2 dalam adu penalti."), []),
    ("underscore-file", L("Dokumen itu disimpan dengan nama_file itpp_final.pdf di server."), []),
    ("footnote-asterisk", L("Anggaran pertahanan naik 4,4 persen* dibanding tahun lalu."), []),
    ("footnote-star-paren", L("Anggaran *) naik 4,4 persen dibanding tahun lalu *)."), []),
    ("ussd", L("Nasabah cukup menekan *141*# untuk mengecek sisa kuota."), []),
    ("math", L("Rumusnya sederhana: 2 * 3 = 6, kata guru itu."), []),
    ("tilde-approx", L("Sekitar ~500 personel dikerahkan, dan ~300 kendaraan~ disiagakan."), []),
    ("underscore-python", L("Ia menulis fungsi _hitung_ dalam program itu."), []),
    ("caps-hashtag-sentence", L("#KTTNATO menjadi topik terpopuler di Twitter pada Rabu."), []),
    # hyphens at line ends (real compounds)
    (
        "hyphen-sebaik",
        f"Judul\n{BODY}\nYoon berjanji memanfaatkan program itu sebaik-\nbaiknya bagi keamanan kawasan.\n{OTHER}\n",
        [],
    ),
    (
        "hyphen-mudah",
        f"Judul\n{BODY}\nIa berharap kerja sama itu, mudah-\nmudahan, berlanjut tahun depan.\n{OTHER}\n",
        [],
    ),
    (
        "hyphen-bolak",
        f"Judul\n{BODY}\nPejabat kedua negara bolak-\nbalik ke Brussel sejak Mei.\n{OTHER}\n",
        [],
    ),
    (
        "hyphen-tarik",
        f"Judul\n{BODY}\nPembahasan itu diwarnai tarik-\nulur soal anggaran.\n{OTHER}\n",
        [],
    ),
    (
        "hyphen-anti",
        f"Judul\n{BODY}\nKorea Selatan menyumbang sistem anti-\ndrone kepada Ukraina.\n{OTHER}\n",
        [],
    ),
    (
        "hyphen-katanya",
        f"Judul\n{BODY}\nKata-\nkatanya disambut tepuk tangan peserta.\n{OTHER}\n",
        [],
    ),
    (
        "hyphen-e",
        f"Judul\n{BODY}\nPemerintah meluncurkan layanan e-\npaspor tahun ini.\n{OTHER}\n",
        [],
    ),
    # e-paper capital lines / list items / headings
    (
        "epaper-capital",
        f"Judul\n{BODY}\nPresiden Yoon mengatakan program itu\nMenjadi tonggak baru hubungan\nKorea Selatan dan NATO.\n{OTHER}\n",
        [],
    ),
    (
        "epaper-q2",
        f"Judul\n{BODY}\nEkonomi Korea Selatan tumbuh 0,9 persen (Q2/2023)\nsecara kuartalan, kata bank sentral.\n{OTHER}\n",
        [],
    ),
    (
        "epaper-sumber-paren",
        f"Judul\n{BODY}\nDana itu berasal dari APBN (sumber utama)\nserta hibah negara sahabat.\n{OTHER}\n",
        [],
    ),
    (
        "epaper-antara-paren",
        f"Judul\n{BODY}\nMenurut kantor berita Korea Selatan (Yonhap)\nYoon juga bertemu Presiden Polandia.\n{OTHER}\n",
        [],
    ),
    ("unit-kmjam", L("Kecepatan angin maksimum tercatat 45 (km/jam)"), []),
    (
        "list-c-copyright",
        f"Judul\n{BODY}\nProgram itu mencakup:\n(a) keamanan siber,\n(b) perubahan iklim,\n(c) pertukaran informasi.\n{OTHER}\n",
        [],
    ),
    ("hak-cipta-short", L("Hak cipta menjadi isu utama."), []),
    ("rekomendasi-colon", L("Rekomendasi: Korea Selatan perlu menambah anggaran siber."), []),
    (
        "rekomendasi-list",
        f"Judul\n{BODY}\nLaporan lembaga itu memuat tiga usulan.\nRekomendasi:\nPerkuat kerja sama siber dengan NATO\nTingkatkan latihan militer bersama\nPercepat pengadaan kapal selam\n{OTHER}\n",
        [],
    ),
    (
        "topik-list",
        f"Judul\n{BODY}\nAgenda hari kedua dibagi dalam tiga sesi.\nTopik:\nKeamanan siber\nPerubahan iklim\nNonproliferasi nuklir\n{OTHER}\n",
        [],
    ),
    (
        "terbaru-label-list",
        f"Judul\n{BODY}\nTerbaru:\nSwedia resmi diterima sebagai anggota ke-32\n{OTHER}\n",
        [],
    ),
    (
        "heading-ekonomi",
        f"Judul\n{BODY}\nEkonomi\nPerdagangan kedua pihak naik 12 persen tahun lalu.\n{OTHER}\n",
        [],
    ),
    (
        "heading-caps-then-sub",
        f"Judul\n{BODY}\nANALISIS\nEkonomi Asia melambat\nPerdagangan kedua pihak naik 12 persen tahun lalu.\n{OTHER}\n",
        [],
    ),
    ("all-caps-quote", L("“KAMI MENOLAK PERANG!” teriak para pengunjuk rasa."), []),
    ("emoji-quote", L("🇰🇷 “Kami siap bekerja sama,” kata Yoon."), []),
    # by-line / dateline shapes
    (
        "oleh-karena",
        L("Oleh karena itu pada KTT tersebut Korea Selatan menyepakati kemitraan."),
        [],
    ),
    ("laporan-wartawan", L("Laporan wartawan BBC menyebut kapal itu tenggelam pukul 03.00."), []),
    ("name-dash-brand", L("Persija Jakarta - PSM Makassar"), []),
    ("name-dash-brand2", L("Timnas Indonesia – PSSI"), []),
    (
        "dateline-route",
        "Korea Selatan dan NATO Sepakati Program Kemitraan\nSeoul – Tokyo kembali membuka penerbangan langsung pekan ini.\n"
        + OTHER
        + "\n",
        [],
    ),
    (
        "dateline-match",
        "Persija Imbang\nPersija – Persib berakhir imbang 1-1 di Stadion GBK.\n" + OTHER + "\n",
        [],
    ),
    # numbers on own line (mobile table)
    (
        "mobile-table",
        f"Judul\n{BODY}\nKorban meninggal:\n27\nKorban luka-luka:\n104\n{OTHER}\n",
        [],
    ),
    ("duration-line", f"Judul\n{BODY}\nDurasi pertemuan:\n45 menit\n{OTHER}\n", []),
    # prompts
    (
        "dapatkan-quote",
        L("Dapatkan update terbaru kebijakan itu lewat aplikasi resmi, ujar juru bicara."),
        [],
    ),
    ("ikuti-short", L("Ikuti saja perkembangan beritanya, kata Yoon."), []),
    (
        "cek-saluran-list",
        f"Judul\n{BODY}\nWarga diminta melakukan beberapa hal.\nCek saluran air di sekitar rumah\nSimpan dokumen penting di tempat tinggi\n{OTHER}\n",
        [],
    ),
    (
        "baca-selengkapnya-sentence",
        L("Baca selengkapnya isi pernyataan bersama itu di situs NATO."),
        [],
    ),
    ("dilarang-mengambil", L("Dilarang mengambil gambar di dalam ruang sidang, kata petugas."), []),
    (
        "disclaimer-sentence",
        L("Kerugian itu sepenuhnya tanggung jawab pengirim paket, kata polisi."),
        [],
    ),
    (
        "caption-before-credit",
        f"Judul\n{BODY}\nPertemuan itu berlangsung tertutup selama dua jam.\nFoto: Reuters\n{OTHER}\n",
        ["Foto: Reuters"],
    ),
    (
        "foto-label-next",
        f"Judul\n{BODY}\nFoto\nYoon dan Stoltenberg berjabat tangan\n{OTHER}\n",
        ["Foto"],
    ),
    (
        "shortened-repeat",
        f"Judul\n{BODY}\nKami akan terus mendukung Ukraina dan\nmitra kami di kawasan, kata Yoon.\nIa mengulang kalimat yang sama.\nKami akan terus...\n{OTHER}\n",
        [],
    ),
    (
        "repeated-subheading",
        f"Judul\n{BODY}\nSikap Korea Selatan\nYoon menegaskan dukungan.\nSikap Korea Selatan\nMenlu Park menambahkan detail.\n{OTHER}\n",
        [],
    ),
    ("whatsapp-bold-line", L("*Korea Selatan resmi bergabung dengan ITPP*"), ["*", "*"]),
    ("score-numbers-line", f"Judul\n{BODY}\nHasil akhir pertandingan:\n2 1\n{OTHER}\n", []),
    ("year-line", f"Judul\n{BODY}\nTahun bergabung:\n2023\n{OTHER}\n", []),
]
PROBES += [
    (
        "live-bare-time",
        f"Judul\n{BODY}\n17.20 WIB\nPresiden Yoon tiba di bandara Vilnius.\n{OTHER}\n",
        [],
    ),
    (
        "timeline-g7",
        f"Judul\n{BODY}\nJejak pertemuan Yoon dengan para sekutu:\nG7 – 19 Mei 2023 – Hiroshima\nNATO – 11 Juli 2023 – Vilnius\n{OTHER}\n",
        [],
    ),
    (
        "wa-emoji-areas",
        f"Judul\n{BODY}\nBidang kerja sama ITPP antara lain:\n🔹 Pertahanan\n🔹 Keamanan siber\n🔹 Ekonomi\n{OTHER}\n",
        [],
    ),
    (
        "wa-medal-tally",
        f"Judul\n{BODY}\nPerolehan medali Indonesia hingga Rabu:\n🥇 12\n🥈 15\n🥉 20\n{OTHER}\n",
        [],
    ),
    (
        "wa-bold-heading",
        f"Judul\n{BODY}\n*Pertahanan*\nKedua pihak sepakat menggelar latihan bersama.\n{OTHER}\n",
        ["*", "*"],
    ),
    (
        "epaper-dateline-route",
        "Kereta Cepat Beroperasi\nJakarta – Bandung kini ditempuh\ndalam 40 menit saja, kata direktur.\n"
        + OTHER
        + "\n",
        [],
    ),
    (
        "epaper-url-wrap",
        f"Judul\n{BODY}\nNaskah pernyataan bersama dapat dibaca di\nhttps://www.nato.int/itpp\nsejak Rabu malam.\n{OTHER}\n",
        [],
    ),
    (
        "live-label-then-text",
        f"Judul\n{BODY}\nLive:\nYoon dan Stoltenberg menandatangani dokumen itu.\n{OTHER}\n",
        ["Live:"],
    ),
    (
        "sport-90-menit",
        f"Judul\n{BODY}\nPertandingan berlangsung\n90 menit\ntanpa gol.\n{OTHER}\n",
        [],
    ),
    (
        "lihat-halaman",
        f"Judul\n{BODY}\nRincian anggaran dimuat dalam dokumen itu\n(lihat halaman 12)\ndan diserahkan ke parlemen.\n{OTHER}\n",
        [],
    ),
    (
        "menu-line-wrapped",
        f"Judul\n{BODY}\nDalam jamuan itu, juru masak menyajikan\nmenu\nkhas Lituania.\n{OTHER}\n",
        [],
    ),
    (
        "masuk-wrapped",
        f"Judul\n{BODY}\nKorea Selatan resmi\nmasuk\ndalam program kemitraan itu.\n{OTHER}\n",
        [],
    ),
    ("cari-wrapped", f"Judul\n{BODY}\nPolisi terus\nmencari\npelaku.\n{OTHER}\n", []),
    ("gabung-sentence", L("Gabung ke NATO bukan pilihan, kata Yoon kepada kanal YouTube KBS."), []),
]
ART_WA = """*Korsel Resmi Jadi Mitra NATO Lewat ITPP*

*VILNIUS* – Korea Selatan dan NATO menyepakati Program Kemitraan yang Disesuaikan Secara Individual (ITPP) pada Rabu (12/7/2023).
Program itu mencakup 11 bidang, termasuk keamanan siber dan nonproliferasi.
“Kami akan memperkuat kerja sama dengan NATO,” kata Presiden Yoon Suk Yeol.
Menurut Yoon, ancaman Korea Utara kian nyata.
Stoltenberg menyebut Korea Selatan mitra yang “sangat berharga”.
"""
ART_LIVE = """Live Update KTT NATO di Vilnius
17.20 WIB: Presiden Yoon tiba di Vilnius dan disambut Presiden Lituania.
17.45 WIB: Yoon langsung menuju hotel untuk rapat internal.
18.10 WIB – Stoltenberg mengatakan ITPP akan ditandatangani besok.
Selanjutnya, kedua pemimpin dijadwalkan makan malam bersama.
"""
ART_SPORT = """Timnas Menang Tipis
Jakarta – Timnas Indonesia menang 1-0 atas Turkmenistan di Stadion GBK, Jumat malam.
Gol tunggal dicetak Dimas Drajad pada menit ke-27.
Pelatih Shin Tae-yong memuji disiplin pemain.
“Saya puas, tapi masih banyak yang harus diperbaiki,” ujarnya.
"""
PROBES += [
    ("article-wa", ART_WA, ["*", "*", "*VILNIUS* – "]),
    ("article-live", ART_LIVE, ["Live Update KTT NATO di Vilnius"]),
    ("article-sport", ART_SPORT, ["Jakarta – "]),
]

LOSSES = {
    "promo-domain": "[older rule] outlet promotion: 'Kami mengimbau Anda memeriksa status gunung di laman magma.esdm.go.id, kata Kepala PVMBG.'",
    "underscore-python": "[paste-habit rule] formatting mark: '_'; formatting mark: '_'",
    "epaper-q2": "[older rule] photo caption: 'Ekonomi Korea Selatan tumbuh 0,9 persen (Q2/2023)'",
    "epaper-sumber-paren": "[older rule] photo caption: 'Dana itu berasal dari APBN (sumber utama)'",
    "epaper-antara-paren": "[older rule] photo caption: 'Menurut kantor berita Korea Selatan (Yonhap)'",
    "unit-kmjam": "[older rule] editor initials: '(km/jam)'",
    "list-c-copyright": "[older rule] copyright: '(c) pertukaran informasi.'",
    "hak-cipta-short": "[older rule] copyright: 'Hak cipta menjadi isu utama.'",
    "rekomendasi-colon": "[older rule] related-article link: 'Rekomendasi: Korea Selatan perlu menambah anggaran siber.'",
    "rekomendasi-list": "[older rule] related-articles heading: 'Rekomendasi:'; related-article title: 'Perkuat kerja sama siber dengan NATO'; related-article title: 'Tingkatkan latihan militer bersama'; related-article title: 'Percepat pengadaan kapal selam'",
    "topik-list": "[older rule] tags heading: 'Topik:'; topic tag: 'Keamanan siber'; topic tag: 'Perubahan iklim'; topic tag: 'Nonproliferasi nuklir'",
    "terbaru-label-list": "[older rule] related-articles heading: 'Terbaru:'; related-article title: 'Swedia resmi diterima sebagai anggota ke-32'",
    "heading-ekonomi": "[older rule] section label: 'Ekonomi'",
    "heading-caps-then-sub": "[older rule] section label: 'ANALISIS'; section label: 'Ekonomi Asia melambat'",
    "name-dash-brand": "[older rule] by-line: 'Persija Jakarta - PSM Makassar'",
    "name-dash-brand2": "[older rule] by-line: 'Timnas Indonesia – PSSI'",
    "dateline-route": "[older rule] dateline: 'Seoul –'",
    "dateline-match": "[older rule] dateline: 'Persija –'",
    "cek-saluran-list": "[older rule] subscription prompt: 'Cek saluran air di sekitar rumah'",
    "baca-selengkapnya-sentence": "[older rule] pagination: 'Baca selengkapnya isi pernyataan bersama itu di situs NATO.'",
    "caption-before-credit": "[older rule] photo caption: 'Pertemuan itu berlangsung tertutup selama dua jam.'",
    "foto-label-next": "[older rule] photo credit: 'Yoon dan Stoltenberg berjabat tangan'",
    "shortened-repeat": "[paste-habit rule] repeated headline: 'Kami akan terus...'",
    "repeated-subheading": "[older rule] repeated headline: 'Sikap Korea Selatan'",
    "live-bare-time": "[paste-habit rule] timestamp: '17.20 WIB'",
    "epaper-dateline-route": "[paste-habit rule] dateline: 'Jakarta –'",
}


def _lost(raw: str, allowed: list[str]) -> list[tuple[str, str]]:
    cleaned = clean_text(raw)
    assert cleaned.raw == raw
    free = [piece.strip() for piece in allowed]
    # a removed line break (whitespace only) loses no text: it joins a hard-wrapped line
    return [(p.reason, p.text) for p in cleaned.removed if p.text.strip() not in ["", *free]]


@pytest.mark.parametrize(
    ("raw", "allowed"),
    [
        pytest.param(raw, allowed, id=pid, marks=pytest.mark.xfail(strict=True, reason=LOSSES[pid]))
        for pid, raw, allowed in PROBES
        if pid in LOSSES
    ],
)
def test_real_text_removed(raw: str, allowed: list[str]) -> None:
    assert _lost(raw, allowed) == []


@pytest.mark.parametrize(
    ("raw", "allowed"),
    [pytest.param(raw, allowed, id=pid) for pid, raw, allowed in PROBES if pid not in LOSSES],
)
def test_real_text_kept(raw: str, allowed: list[str]) -> None:
    assert _lost(raw, allowed) == []


def test_probe_ids_are_unique() -> None:
    ids = [pid for pid, _, _ in PROBES]
    assert len(ids) == len(set(ids)) and set(LOSSES) <= set(ids)
