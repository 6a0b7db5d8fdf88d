#!/usr/bin/env python3
"""One-off generator: parties/*.toml from shared/reference/parties/cn_party_lists.csv.

The committed TOML is what ships; nothing in the build or the tests runs this.
Run from the repository root:

    python3 scripts/gen_parties.py [path/to/cn_party_lists.csv]

Every name and alias comes from the CSV. List headers (titles, instruments,
status windows, notes) are written out below from the CSV and the reference
README. Examples: hits change only case, width, spacing, punctuation and
legal-form words of a listed name; misses are parents named as traps by the
reference, or companies that are on no list, chosen by hand below and checked
against every listed name.
"""
import csv
import re
import sys
import tomllib
import unicodedata
from collections import OrderedDict
from pathlib import Path

CSV = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/parties/cn_party_lists.csv")
OUT = Path("parties")
REVIEWED = "2026-11-30"

OPENSANCTIONS = "https://github.com/opensanctions/opensanctions/blob/bb36fecf5d37e953139aed44362c900355989361/datasets/cn/sanctions/sanctions.csv"
NOT_OPENED = "MOFCOM's own pages could not be opened; names come from press reprints of the annex and a curated public sanctions dataset, cross-checked."
TRUCE = ("No later decision found; in September 2026 both governments said their trade truce was extended to "
         "2027-01-10, but no amending MOFCOM notice was seen, so the published end date is kept.")

# (list, announcement) -> header. Order = file order in the README table.
LISTS = OrderedDict()


def L(key, **kw):
    LISTS[key] = kw


L(("control", "MOFCOM Ann. 2025 No.1 (number per third-party code; unverified)"),
  id="cn-mofcom-2025-01", pid="CN-ECL-2025-01",
  title="Export Control List: 28 US entities",
  instrument="MOFCOM Announcement No. 1 of 2025 (number per third-party compilation; unverified)",
  status="in force (no suspension or stop found)",
  notes="28 US entities (count and date confirmed by i-cable); no dual-use exports to them. No suspension or stop found in the sources read. "
        "Seven of them are also on the Unreliable Entity List of the same day (cn-uel-2025-01). " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2025 No.13"),
  id="cn-mofcom-2025-13", pid="CN-ECL-2025-13",
  title="Export Control List: 15 US entities",
  instrument="MOFCOM Announcement No. 13 of 2025",
  status="stopped from 2025-11-10 (`stopped` on each party)",
  notes="MOFCOM spokesman, 5 Nov 2025: the related measures are stopped from 2025-11-10; exporters still apply for licences under the "
        "Dual-Use Items Export Control Regulations. Encoded as `stopped = 2025-11-10` on every party: a stopped listing means licence "
        "required, not prohibited. " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2025 No.21"),
  id="cn-mofcom-2025-21", pid="CN-ECL-2025-21",
  title="Export Control List: 16 US entities",
  instrument="MOFCOM Announcement No. 21 of 2025",
  suspended=[("2025-08-12", "2026-11-10")],
  status="suspended 2025-08-12..2026-11-10 (list-level window); in force again from 2026-11-11 on the published dates",
  notes="Measures suspended; on 12 Aug 2025 the suspension was continued for 90 days, and on 5 Nov 2025 for one year from 2025-11-10 "
        "(to 2026-11-10). Encoded as one window from 2025-08-12 (the earliest date the reference gives; the suspension began earlier, "
        "on a date the reference does not record) to 2026-11-10, both inclusive. " + TRUCE + " " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2025 No.22"),
  id="cn-mofcom-2025-22", pid="CN-ECL-2025-22",
  title="Export Control List: 12 US entities",
  instrument="MOFCOM Announcement No. 22 of 2025",
  status="stopped from 2025-08-12 (`stopped` on each party)",
  notes="Announced 9 Apr 2025 (OpenSanctions records 10.04.2025). On 12 Aug 2025 the related measures were stopped (licence applications "
        "still required); encoded as `stopped = 2025-08-12` on every party. " + NOT_OPENED)
L(("control", "MOFCOM announcement of 2025-07-09 (number not found)"),
  id="cn-mofcom-2025-07-09", pid="CN-ECL-2025-0709",
  title="Export Control List: 8 Taiwan entities",
  instrument="MOFCOM announcement of 2025-07-09 (number not found)",
  status="in force (no status change found)",
  notes="8 Taiwan entities (Xinhua Japanese edition confirms 8, including AIDC). Announcement number not found; the list id uses the date. "
        + NOT_OPENED)
L(("control", "MOFCOM announcement of 2025-09-25 (number not found)"),
  id="cn-mofcom-2025-09-25", pid="CN-ECL-2025-0925",
  title="Export Control List: 3 US entities",
  instrument="MOFCOM announcement of 2025-09-25 (number not found)",
  status="in force (no status change found)",
  notes="3 US entities (names confirmed by ETtoday). Announcement number not found; the list id uses the date. " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2026 No.11"),
  id="cn-mofcom-2026-11", pid="CN-ECL-2026-11",
  title="Export Control List: 20 Japanese entities",
  instrument="MOFCOM Announcement No. 11 of 2026",
  source="https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_b5159a773124428a9813884015d1b8b3.html",
  status="in force",
  notes="Japan control list, round 1; effective on publication. No dual-use exports to the listed parties, no transfer of China-origin "
        "dual-use items to them by anyone abroad, ongoing dealings stop; only MOFCOM can approve a special case. MOFCOM URL as recorded by "
        "third parties (not opened); OpenSanctions and weiqi-kids record exportcontrol.mofcom.gov.cn/article/zcfg/gnzcfg/zcfggzqd/202602/1209.html. "
        "Parents are not listed: Mitsubishi Heavy Industries, Ltd., Kawasaki Heavy Industries, Ltd., IHI Corporation and NEC Corporation "
        "are on no list (one English translation of MOFCOM's press answer wrongly names MHI itself). Press errors to ignore: "
        "'50 companies / 30 on the control list' (20 here, 20 on the Watch List No. 12); 'Japan Maritime Integrated Corporation' is Japan "
        "Marine United. Japanese-script names are missing for 5 of the 20. " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2026 No.20 (number per third-party code)"),
  id="cn-mofcom-2026-20", pid="CN-ECL-2026-20",
  title="Export Control List: 7 EU entities",
  instrument="MOFCOM Announcement No. 20 of 2026 (number per third-party compilation)",
  status="in force",
  notes="7 EU entities; addresses from the Chinese annex as recorded. The announcement number comes from an unverified third-party "
        "compilation. " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2026 No.23 (number per third-party code)"),
  id="cn-mofcom-2026-23", pid="CN-ECL-2026-23",
  title="Export Control List: 10 US entities",
  instrument="MOFCOM Announcement No. 23 of 2026 (number per third-party compilation)",
  status="in force",
  notes="10 US entities including MP Materials and USA Rare Earth; addresses from the Chinese annex as recorded. The announcement number "
        "comes from an unverified third-party compilation. " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2026 No.27 (number per third-party code)"),
  id="cn-mofcom-2026-27", pid="CN-ECL-2026-27",
  title="Export Control List: 20 Japanese entities",
  instrument="MOFCOM Announcement No. 27 of 2026 (number per third-party compilation)",
  source="https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_df87be1437044874a35f85cf6e076f3d.html",
  status="in force",
  notes="Japan control list, round 2; effective on publication; same measures as No. 11. Addresses are the Chinese-language addresses of "
        "the annex. Japanese-script names were not found for any of the 20. MOFCOM URL as recorded by third parties (not opened); the "
        "announcement number comes from one third-party compilation. " + NOT_OPENED)
L(("control", "MOFCOM Ann. 2026 No.30"),
  id="cn-mofcom-2026-30", pid="CN-ECL-2026-30",
  title="Export Control List: 14 EU entities",
  instrument="MOFCOM Announcement No. 30 of 2026 (number per third-party compilation)",
  status="in force",
  notes="14 EU entities; addresses from the Chinese annex as recorded. The number is from an OpenSanctions commit message "
        "(c816f4533), i.e. a third-party compilation. " + NOT_OPENED)
L(("watch", "MOFCOM Ann. 2026 No.12"),
  id="cn-mofcom-2026-12", pid="CN-WL-2026-12",
  title="Watch List: 20 Japanese entities",
  instrument="MOFCOM Announcement No. 12 of 2026",
  status="in force",
  notes="Japan watch list, round 1; effective on publication. Parties whose end use cannot be verified: no general licence and no "
        "registration route; an individual licence needs a risk-assessment report on the entity and a written commitment of no military "
        "use; military end uses are refused. The reference records no full MOFCOM URL for No. 12 (weiqi-kids gives "
        "'.../zcfggzqd/202602/1208.html', not opened), so `source` is the first source of the rows. Short names that are also other "
        "words or firms' names (TDK, NOF, ENEOS, SUBARU) must match as whole names. Identities of Leda Group Holdings, ASPP and Sun "
        "Tectro are unconfirmed. Japanese-script names are missing for 12 of the 20. " + NOT_OPENED)
L(("watch", "MOFCOM Ann. 2026 No.28 (number per third-party code)"),
  id="cn-mofcom-2026-28", pid="CN-WL-2026-28",
  title="Watch List: 20 Japanese entities",
  instrument="MOFCOM Announcement No. 28 of 2026 (number per third-party compilation)",
  source="https://www.mofcom.gov.cn/zcfb/blgg/gg/2026/art/2026/art_1a0adf5de9b84cd091992669d59e10d4.html",
  status="in force",
  notes="Japan watch list, round 2; effective on publication; same regime as No. 12. Addresses are the Chinese-language addresses of the "
        "annex. Short names OKI and ACSL must match as whole names. Japanese-script names were not found for any of the 20. MOFCOM URL as "
        "recorded by third parties (not opened); the announcement number comes from one third-party compilation. " + NOT_OPENED)
L(("unreliable", "UEL working-mechanism announcements of 2023-02-16 (numbers not recorded)"),
  id="cn-uel-2023-02-16", pid="CN-UEL-2023-0216",
  title="Unreliable Entity List: Lockheed Martin, Raytheon Missiles & Defense and six executives",
  instrument="Unreliable Entity List Working Mechanism announcements of 2023-02-16 (numbers not recorded)",
  status="in force (no status change found)",
  notes="Import/export and investment bans, plus personnel measures on six natural persons (executives of the two companies). Two "
        "announcements of the same day, grouped here; their numbers are not recorded. " + NOT_OPENED)
L(("unreliable", "UEL working-mechanism announcement of 2024-05-20 (number not recorded)"),
  id="cn-uel-2024-05-20", pid="CN-UEL-2024-0520",
  title="Unreliable Entity List: 3 US entities",
  instrument="Unreliable Entity List Working Mechanism announcement of 2024-05-20 (number not recorded)",
  status="in force (no status change found)",
  notes="Announcement number not recorded; the list id uses the date. " + NOT_OPENED)
L(("unreliable", "UEL 2025 No.1 (per third-party code)"),
  id="cn-uel-2025-01", pid="CN-UEL-2025-01",
  title="Unreliable Entity List: 10 US entities (7 recorded)",
  instrument="Unreliable Entity List Working Mechanism Announcement No. 1 of 2025 (number per third-party compilation)",
  status="in force; LOW CONFIDENCE, partial",
  notes="LOW CONFIDENCE: partial list from a third-party compilation (8 rows including an unnamed 'other Lockheed Martin subsidiaries' "
        "row, not encoded); i-cable reports 10 entities. All 7 recorded here are also on the Export Control List of the same day "
        "(cn-mofcom-2025-01). " + NOT_OPENED)
L(("unreliable", "UEL 2025 No.4 (number per third-party code)"),
  id="cn-uel-2025-04", pid="CN-UEL-2025-04",
  title="Unreliable Entity List: PVH Group and Illumina",
  instrument="Unreliable Entity List Working Mechanism Announcement No. 4 of 2025 (number per third-party compilation)",
  status="in force (not among the stopped announcements)",
  notes="Illumina still listed after Nov 2025 (only the measures of Nos. 5-6 were stopped), per an iivd.net reading. The announcement "
        "number comes from a third-party compilation. " + NOT_OPENED)
L(("unreliable", "UEL 2025 No.5"),
  id="cn-uel-2025-05", pid="CN-UEL-2025-05",
  title="Unreliable Entity List: 10 US entities",
  instrument="Unreliable Entity List Working Mechanism Announcement No. 5 of 2025",
  status="stopped from 2025-11-10 (`stopped` on each party)",
  notes="Measures stopped from 2025-11-10 (domestic firms may apply to transact); encoded as `stopped = 2025-11-10` on every party. "
        + NOT_OPENED)
L(("unreliable", "UEL 2025 No.7"),
  id="cn-uel-2025-07", pid="CN-UEL-2025-07",
  title="Unreliable Entity List: 11 US entities",
  instrument="Unreliable Entity List Working Mechanism Announcement No. 7 of 2025",
  suspended=[("2025-08-12", "2026-11-10")],
  status="suspended 2025-08-12..2026-11-10 (list-level window); in force again from 2026-11-11 on the published dates",
  notes="Measures suspended; on 12 Aug 2025 the suspension was continued for 90 days, and from 2025-11-10 for one year (to 2026-11-10). "
        "Encoded as one window from 2025-08-12 (the earliest date the reference gives; the suspension began earlier, on a date the "
        "reference does not record) to 2026-11-10, both inclusive. " + TRUCE + " " + NOT_OPENED)
L(("unreliable", "UEL 2025 No.8"),
  id="cn-uel-2025-08", pid="CN-UEL-2025-08",
  title="Unreliable Entity List: 6 US entities",
  instrument="Unreliable Entity List Working Mechanism Announcement No. 8 of 2025",
  effective="2025-04-10",
  status="stopped from 2025-08-12 (`stopped` on each party)",
  notes="Announced 9 Apr 2025, effective 2025-04-10 12:01 (etnet), hence `effective = 2025-04-10`. Measures stopped from 2025-08-12; "
        "encoded as `stopped = 2025-08-12` on every party. " + NOT_OPENED)
L(("unreliable", "UEL announcement of 2025-09-25 (No.9 per third-party code)"),
  id="cn-uel-2025-09", pid="CN-UEL-2025-09",
  title="Unreliable Entity List: 3 US entities",
  instrument="Unreliable Entity List Working Mechanism Announcement No. 9 of 2025 (number per third-party compilation)",
  status="in force (no status change found)",
  notes="Listed for military-technology cooperation with Taiwan. Announced 2025-09-25; the number 9 comes from a third-party "
        "compilation. " + NOT_OPENED)
L(("unreliable", "UEL 2025 No.10 (number per third-party code)"),
  id="cn-uel-2025-10", pid="CN-UEL-2025-10",
  title="Unreliable Entity List: 14 foreign entities and their branches",
  instrument="Unreliable Entity List Working Mechanism Announcement No. 10 of 2025 (number per third-party compilation)",
  status="in force (no status change found)",
  notes="14 foreign entities and their branches; also bars Chinese parties from transactions and data transfer with them. The nine "
        "TechInsights branches and affiliates have no jurisdiction in the reference; their `country` is ZZ (unknown), not a guess. The "
        "announcement number comes from a third-party compilation. " + NOT_OPENED)

# ---------------------------------------------------------------- misses
JP_MISS = [
    (r"^Mitsubishi Heavy Industries|^MHI ", ["Mitsubishi Heavy Industries, Ltd.", "三菱重工業株式会社"]),
    (r"^Kawasaki|^KAWAJU|^Kawajyu|^NIPPI", ["Kawasaki Heavy Industries, Ltd.", "川崎重工業株式会社"]),
    (r"^IHI ", ["IHI Corporation", "株式会社IHI"]),
    (r"^NEC ", ["NEC Corporation", "日本電気株式会社"]),
    (r"^Fujitsu", ["Fujitsu Limited"]),
    (r"^Mitsubishi Electric", ["Mitsubishi Electric Corporation"]),
    (r"^Mitsubishi Precision", ["Mitsubishi Corporation"]),
    (r"^Japan Marine United|^JMU ", ["Imabari Shipbuilding Co., Ltd."]),
    (r"^National Defense Academy", ["National Defense Medical College"]),
    (r"^Japan Aerospace Exploration", ["Japan Aviation Electronics Industry, Limited"]),
    (r"^National Institute for Defense", ["National Institute for Materials Science"]),
    (r"Systems Research Center$", ["Central Research Institute of Electric Power Industry"]),
    (r"^NIKKO", ["SMBC Nikko Securities Inc."]),
    (r"^KOWA KOGYO", ["Kowa Company, Ltd."]),
    (r"^Aoki Seimitsu", ["AOKI Holdings Inc."]),
    (r"^SUBARU|^FUJI Aerospace", ["Fuji Electric Co., Ltd."]),
    (r"^ENEOS", ["Idemitsu Kosan Co., Ltd."]),
    (r"^Yusoki|^Howa Machinery", ["Toyota Industries Corporation"]),
    (r"^ITOCHU", ["ITOCHU Corporation"]),
    (r"^Institute of Science Tokyo", ["Tokyo University of Science"]),
    (r"^Mitsubishi Materials", ["Mitsubishi Chemical Corporation"]),
    (r"^Yashima", ["Yaskawa Electric Corporation"]),
    (r"^Sumitomo Heavy", ["Sumitomo Electric Industries, Ltd."]),
    (r"^TDK", ["Murata Manufacturing Co., Ltd."]),
    (r"^Mitsui", ["Mitsui & Co., Ltd."]),
    (r"^Hino Motors", ["Toyota Motor Corporation"]),
    (r"^Tokin", ["Tokyo Electron Limited"]),
    (r"^Nissin Electric", ["Nissin Foods Holdings Co., Ltd."]),
    (r"^Nitto Denko", ["Nitto Boseki Co., Ltd."]),
    (r"^NOF ", ["NOK Corporation"]),
    (r"^Nacalai", ["Kanto Chemical Co., Inc."]),
    (r"^Mitsubishi Nuclear|^Japan Nuclear Fuel", ["Nuclear Fuel Industries, Ltd."]),
    (r"^Hitachi", ["Hitachi, Ltd."]),
    (r"^Komatsu", ["Komatsu Ltd."]),
    (r"^OKI ", ["Okinawa Electric Power Company, Inc."]),
    (r"^YDK", ["YKK Corporation"]),
    (r"^Nihon Denji", ["Nihon Kohden Corporation"]),
    (r"^Hosoya", ["Hosokawa Micron Corporation"]),
    (r"^The Fujikura", ["Fujikura Ltd."]),
    (r"^Terra Drone", ["Rakuten Group, Inc."]),
    (r".", ["Sony Group Corporation"]),  # Fortunio, Leda, ASPP, Sun Tectro, ACSL
]
OTHER_MISS = [
    (r"^General Dynamics|^General Atomics", ["General Electric Company"]),
    (r"Lockheed|Javelin|^James Donald|^Frank Andrew|^Jesus Malave", ["Martin Marietta Materials, Inc."]),
    (r"^Raytheon|^Wesley|^Agnes|^Chander", ["Raymond James Financial, Inc."]),
    (r"^Boeing", ["The Boeing Company"]),
    (r"^Applied Technologies|^MP Materials", ["Applied Materials, Inc."]),
    (r"^Clear Align", ["Align Technology, Inc."]),
    (r"^Intelligent Epitaxy", ["Intel Corporation"]),
    (r"^Summit Technologies", ["Summit Materials, Inc."]),
    (r"^Pacific Rim", ["Pacific Gas and Electric Company"]),
    (r"^Huntington", ["Huntington Bancshares Incorporated"]),
    (r"^Universal Logistics", ["Universal Display Corporation"]),
    (r"^Ball Aerospace", ["Ball Corporation"]),
    (r"^Oshkosh", ["Oshkosh Corporation"]),
    (r"^Dedrone", ["Axon Enterprise, Inc."]),
    (r"^Alliant", ["Alliant Energy Corporation"]),
    (r"^TechInsights", ["Insight Enterprises, Inc."]),
    (r"Strategy Analytics|^Recorded Future", ["Gartner, Inc."]),
    (r"^Halifax", ["Halifax Port Authority"]),
    (r"^CSBC", ["China Steel Corporation"]),
    (r"^National Chung-Shan", ["National Taiwan University"]),
    (r"Shipbuilding", ["Evergreen Marine Corporation"]),
    (r"^Politechnika", ["Uniwersytet Wroclawski"]),
]
COUNTRY_MISS = {
    "US": ["Ford Motor Company"], "CA": ["Bank of Montreal"], "TW": ["Acer Incorporated"],
    "BE": ["Anheuser-Busch InBev SA/NV"], "CZ": ["Škoda Auto a.s."], "DE": ["Siemens AG"], "FR": ["L'Oréal S.A."],
    "PL": ["Orlen S.A."], "IT": ["Luxottica Group S.p.A."], "NL": ["Heineken N.V."], "BG": ["Sopharma AD"],
    "LT": ["Maxima Grupe UAB"], "ZZ": ["Insight Enterprises, Inc."],
}


def misses_for(name, country):
    table = JP_MISS if country == "JP" else OTHER_MISS
    for pat, ms in table:
        if re.search(pat, name, re.I):
            return ms
    return COUNTRY_MISS[country]


# ---------------------------------------------------------------- normalization (for checks only)
CJK_LEGAL = ["股份有限公司", "有限公司", "株式会社", "(株)", "公司"]
LATIN_LEGAL = {"co", "ltd", "inc", "corp", "corporation", "llc", "limited", "company", "kk", "gmbh", "sa", "ag", "plc",
               "spa", "srl", "bv", "as", "uab", "sro", "spol", "nv", "ad", "the", "incorporated", "s", "r", "o", "p", "a", "b", "v", "n"}


def norm_tokens(s):
    s = unicodedata.normalize("NFKC", s).lower()
    for w in CJK_LEGAL:
        s = s.replace(w, " ")
    s = re.sub(r"[^\w]+", " ", s)
    toks = []
    for t in s.split():
        # split CJK runs into single characters so containment works char-wise
        parts = re.findall(r"[a-z0-9]+|[^\x00-\x7f]", t)
        toks.extend(p for p in parts if p not in LATIN_LEGAL)
    return toks


def contains(hay, needle):
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def squash(s):
    return "".join(norm_tokens(s))


# ---------------------------------------------------------------- hits
FW = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c).isalnum()}


def hit_en(name):
    h = name.upper().replace(",", " ")
    h = re.sub(r"\b(CO|LTD|INC|CORP)\.", r"\1", h)
    return re.sub(r"\s+", " ", h).strip()


def hit_cjk(n):
    """A procurement-style form of a Chinese or Japanese name, or None."""
    h = n
    if h.endswith("株式会社"):
        h = h[:-4] + "（株）"
    elif h.startswith("株式会社"):
        h = "（株）" + h[4:]
    elif h.endswith("股份有限公司"):
        h = h[:-6]
    elif h.endswith("有限公司"):
        h = h[:-4]
    elif h.endswith("公司") and not h.endswith("分公司") and len(h) > 4:
        h = h[:-2]
    if re.search(r"[A-Za-z0-9]", h):
        h = "".join(FW.get(c, c) for c in h)
    return None if h == n else h


# ---------------------------------------------------------------- rows
ANNOT = re.compile(r"\s*\(([^()]*)\)\s*$")


def clean_aliases(raw, keep_names):
    """(aliases, remarks): provenance remarks in parentheses move to notes."""
    out, remarks = [], []
    seen = {unicodedata.normalize("NFKC", n).casefold() for n in keep_names}
    for a in (x.strip() for x in raw.split(";")):
        if not a:
            continue
        if a == "Space & Mission Systems business of BAE Systems":
            remarks.append("the aliases column describes it as the Space & Mission Systems business of BAE Systems")
            continue
        m = ANNOT.search(a)
        if m:
            a2 = a[:m.start()].strip()
            remarks.append(f"{a2}: {m.group(1)}")
            a = a2
        k = unicodedata.normalize("NFKC", a).casefold()
        if k in seen:
            continue
        seen.add(k)
        out.append(a)
    return out, remarks


def parse_notes(notes):
    segs = [s.strip() for s in notes.split(" | ")]
    address, extra = None, []
    for s in segs[1:]:
        if s.startswith("address (CN annex):"):
            address = s.split(":", 1)[1].strip()
        elif s == "Japanese-script name not found in sources read":
            continue
        else:
            extra.append(s)
    return address, extra


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def arr(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


def main():
    rows = list(csv.DictReader(CSV.open(encoding="utf-8")))
    assert len(rows) == 266, len(rows)
    groups = OrderedDict()
    for r in rows:
        groups.setdefault((r["list"], r["announcement"]), []).append(r)
    assert set(groups) == set(LISTS), set(groups) ^ set(LISTS)

    # every listed name of every party, for the miss check and cross-listing notes
    built = []  # (meta, [party dict])
    for key, meta in LISTS.items():
        parties = []
        for i, r in enumerate(groups[key], 1):
            name = r["name_en"].strip()
            names = []
            for n in (r["name_zh"].strip(), r["name_ja"].strip()):
                if n and n not in names and n != name:
                    names.append(n)
            aliases, remarks = clean_aliases(r["aliases"], [name] + names)
            country = r["country"].strip() or "ZZ"
            address, extra = parse_notes(r["notes"])
            if not r["country"].strip():
                extra = ["branch or affiliate listed with TechInsights; the reference gives no jurisdiction, so country is ZZ (unknown), not a guess from the name"
                         if e.startswith("branch/affiliate listed with TechInsights") else e for e in extra]
            parties.append(dict(id=f"{meta['pid']}-{i:02d}", name=name, names=names, aliases=aliases, country=country,
                                address=address, remarks=remarks, extra=extra, row=r))
        built.append((meta, parties))

    everything = [(meta["id"], p) for meta, ps in built for p in ps]
    listed = [(lid, p, norm_tokens(n)) for lid, p in everything for n in [p["name"]] + p["names"] + p["aliases"]]
    by_en = {}
    for lid, p in everything:
        by_en.setdefault(squash(p["name"]), []).append((lid, p["id"]))

    OUT.mkdir(exist_ok=True)
    summary = []
    for meta, parties in built:
        key_rows = groups[[k for k, m in LISTS.items() if m is meta][0]]
        first = key_rows[0]
        source = meta.get("source") or first["source_url"].split(" ; ")[0].strip()
        effective = meta.get("effective", first["date"])
        lines = [
            f"# {meta['title']} -- generated once by scripts/gen_parties.py from shared/reference/parties/cn_party_lists.csv;",
            "# this file is the data. Names come from the reference only; see parties/README.md.",
            "[list]",
            f"id = {q(meta['id'])}",
            'regime = "CN"',
            f"kind = {q(first['list'])}",
            f"title = {q(meta['title'])}",
            f"instrument = {q(meta['instrument'])}",
            f"source = {q(source)}",
            f"effective = {effective}",
        ]
        if meta.get("suspended"):
            lines.append("suspended = [" + ", ".join(f"{{ from = {a}, until = {b} }}" for a, b in meta["suspended"]) + "]")
        lines += [f"reviewed = {REVIEWED}", f"notes = {q(meta['notes'])}"]

        status_note = None
        stopped = None
        n13 = meta["id"] in ("cn-mofcom-2025-13", "cn-uel-2025-05")
        if n13:
            stopped = "2025-11-10"
        if meta["id"] in ("cn-mofcom-2025-22", "cn-uel-2025-08"):
            stopped = "2025-08-12"

        for p in parties:
            r = p["row"]
            lines += ["", "[[party]]", f"id = {q(p['id'])}", f"name = {q(p['name'])}"]
            if p["names"]:
                lines.append(f"names = {arr(p['names'])}")
            if p["aliases"]:
                lines.append(f"aliases = {arr(p['aliases'])}")
            lines.append(f"country = {q(p['country'])}")
            if p["address"]:
                lines.append(f"address = {q(p['address'])}")
            if stopped:
                lines.append(f"stopped = {stopped}")
            notes = list(p["extra"]) + p["remarks"]
            others = [pid for lid, pid in by_en[squash(p["name"])] if pid != p["id"]]
            if others:
                notes.append("also listed as " + ", ".join(others))
            if notes:
                lines.append(f"notes = {q('; '.join(notes))}")

            # hits
            hits = [hit_en(p["name"])]
            cjk_src = [r["name_ja"].strip(), r["name_zh"].strip()]
            for n in cjk_src:
                h = hit_cjk(n) if n else None
                if h:
                    hits.append(h)
                    break
            for a in p["aliases"]:
                if len(a) >= 4 and not re.search(r"[^\x00-\x7f]", a):
                    hits.append(a.upper())
                    break
                if len(a) >= 3 and re.search(r"[^\x00-\x7f]", a):
                    hits.append(a)
                    break
            hits = list(OrderedDict.fromkeys(hits))
            own = {"".join(norm_tokens(n)) for n in [p["name"]] + p["names"] + p["aliases"]}
            for h in hits:
                assert "".join(norm_tokens(h)) in own, (p["id"], h)
            misses = misses_for(p["name"], p["country"])
            for m in misses:
                mt = norm_tokens(m)
                for lid, lp, lt in listed:
                    assert not contains(mt, lt), (p["id"], m, lp["id"])
            for h in hits:
                lines += ["[[party.examples]]", f"name = {q(h)}", 'expect = "hit"']
            for m in misses:
                lines += ["[[party.examples]]", f"name = {q(m)}", 'expect = "miss"']

        path = OUT / f"{meta['id']}.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tomllib.loads(path.read_text(encoding="utf-8"))
        summary.append((meta, len(parties), effective, source))
    for meta, n, eff, src in summary:
        print(f"{meta['id']}\t{n}\t{eff}")
    print(sum(n for _, n, _, _ in summary), "parties")


if __name__ == "__main__":
    main()
