//! Deterministic synthetic product catalogs for the benches and for
//! `examples/gen_catalog.rs`.
//!
//! Rows mix controlled goods (rare-earth magnets and oxides, semiconductor
//! materials, machine tools), near misses (samarium-free ferrite, `tbsp`,
//! magnet wire), electronics parts, chemicals, general hardware and CJK /
//! full-width lines, with plausible HS codes. The same seed always gives the
//! same rows, on every platform: the generator uses its own SplitMix64.

use std::fmt::Write as _;
use std::io::{self, Write};

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p` percent.
    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// One catalog line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// SKU.
    pub id: String,
    /// Free-text description.
    pub description: String,
    /// HS code as a supplier would write it; empty when unknown.
    pub hs: String,
}

/// Controlled goods: (template, HS codes). `{g}` is a magnet grade, `{n}` a
/// number, `{p}` a purity, `{d}` a dimension.
const CONTROLLED: &[(&str, &[&str])] = &[
    (
        "NdFeB sintered magnet {g} {d} mm, Ni-Cu-Ni coated",
        &["8505.11.00", "850511", "8505.11"],
    ),
    (
        "Neodymium magnet disc {d} mm grade {g}",
        &["8505.11.00", "8505.11"],
    ),
    (
        "Nd-Fe-B bonded magnet powder MQP-{n}",
        &["8505.11", "3824.99"],
    ),
    (
        "Sm2Co17 permanent magnet ring OD {n} mm",
        &["8505.11.00", "8505.11"],
    ),
    ("SmCo5 magnet block {d} mm", &["8505.11"]),
    (
        "Samarium cobalt magnet segment, arc {n} deg",
        &["8505.11.00"],
    ),
    (
        "Dysprosium oxide Dy2O3 {p} powder, 25 kg drum",
        &["2846.90.15", "2846.90", "2846901500"],
    ),
    (
        "Terbium metal ingot {p}, vacuum packed",
        &["2805.30", "2805.30.19"],
    ),
    ("Tb4O7 terbium oxide {p}", &["2846.90"]),
    ("Gadolinium oxide Gd2O3 {p} for phosphors", &["2846.90"]),
    (
        "Lutetium oxide {p}, 1 kg bottle",
        &["2846.90", "2846.90.19"],
    ),
    ("Yttrium oxide Y2O3 {p} nano powder", &["2846.90"]),
    ("Scandium oxide Sc2O3 {p}", &["2846.90", "284690"]),
    (
        "Samarium metal target {d} mm for sputtering",
        &["8486.90", "2805.30"],
    ),
    (
        "Gallium arsenide wafer 4 inch, SI, {n} um",
        &["3818.00", "3818.00.90"],
    ),
    ("Germanium ingot {p}, zone refined", &["8112.92"]),
    ("Gallium metal {p}, 1 kg ingot", &["8112.92", "811292"]),
    (
        "Spherical graphite anode material {n} um, battery grade",
        &["3801.90", "3801.10"],
    ),
    ("Tungsten carbide powder WC {n} um", &["2849.90"]),
    ("Maraging steel bar C-350, dia {n} mm", &["7228.30", "7228"]),
    (
        "5-axis CNC machining centre, positioning accuracy {n} um",
        &["8457.10"],
    ),
    (
        "Isostatic press, hot, chamber {n} mm",
        &["8462.90", "8479.89"],
    ),
    ("Frequency changer 600 Hz, {n} kW", &["8504.40"]),
    ("Antimony trioxide Sb2O3 {p}", &["2825.80"]),
    ("Indium phosphide wafer 3 inch", &["3818.00"]),
    ("Praseodymium-neodymium metal PrNd {p}", &["2805.30"]),
    ("Holmium oxide Ho2O3 {p}, 5 kg", &["2846.90"]),
    (
        "Rare earth permanent magnet motor rotor, NdFeB, {n} kW",
        &["8503.00", "8501.52"],
    ),
];

/// Near misses: look related, must not hit a well-written rule.
const NEAR_MISS: &[(&str, &[&str])] = &[
    ("Ferrite magnet Y30, samarium-free, {d} mm", &["8505.19"]),
    ("Ceramic ferrite ring magnet {d} mm", &["8505.19.00"]),
    ("Magnet wire enamelled copper {n} AWG", &["8544.11"]),
    ("Magnetic whiteboard marker set, 4 colours", &["9608.20"]),
    ("Measuring spoons 1 tbsp / 1 tsp, stainless", &["8215.99"]),
    ("Galvanized steel sheet {n} mm", &["7210.49"]),
    (
        "Dysprosium-free NdFeB substitute? No: ferrite arc segment",
        &["8505.19"],
    ),
    ("Graphite pencil HB, box of 12", &["9609.10"]),
    ("Fridge magnet souvenir, printed", &["8505.19", ""]),
    ("Cobalt blue acrylic paint 75 ml", &["3213.10"]),
    ("Germanium diode 1N34A (vintage radio)", &["8541.10"]),
    (
        "Terbium-doped glass? No: soda-lime float glass {n} mm",
        &["7005.29"],
    ),
    (
        "Neodymium-free speaker driver, ferrite, 8 ohm",
        &["8518.29"],
    ),
    ("Carbide drill bit {n} mm, HSS-Co", &["8207.50"]),
    ("Samarium study kit: periodic table poster", &["4911.91"]),
];

const ELECTRONICS: &[(&str, &[&str])] = &[
    (
        "STM32F407VGT6 MCU ARM Cortex-M4 LQFP-100",
        &["8542.31.00", "8542.31"],
    ),
    ("Ceramic capacitor {n}nF X7R 50V 0603", &["8532.24"]),
    (
        "Thick film resistor {n}k 1% 0402, reel of 10k",
        &["8533.21"],
    ),
    ("Schottky diode SS34 3A 40V SMA", &["8541.10.00"]),
    ("N-channel MOSFET IRF540N TO-220", &["8541.29"]),
    ("BLDC motor 24V {n} rpm, 57 mm frame", &["8501.31"]),
    ("Hall effect sensor A3144, TO-92", &["9031.80", "8541.49"]),
    ("USB-C connector 16 pin SMT", &["8536.69"]),
    ("Li-ion cell 18650 3.7V {n} mAh", &["8507.60"]),
    ("Power inductor 10uH {n} A shielded", &["8504.50"]),
    ("Crystal oscillator 25 MHz 3225", &["8541.60"]),
    (
        "PCB assembly, 4 layer FR-4, {n} x {n} mm",
        &["8538.90", "8473.30"],
    ),
    ("OLED display 0.96 inch 128x64 I2C", &["8524.11"]),
    ("Stepper motor NEMA 17 1.8 deg {n} mNm", &["8501.10"]),
    ("Voice coil speaker 40 mm 8 ohm 2W", &["8518.29"]),
    ("Cooling fan 12V 80x80x25 mm", &["8414.59"]),
    ("Ethernet transformer module 10/100", &["8504.31"]),
    ("FPGA XC7A35T-1CSG324C", &["8542.39"]),
];

const CHEMICALS: &[(&str, &[&str])] = &[
    ("Sodium hydroxide pellets {p}, 25 kg bag", &["2815.11"]),
    ("Acetone {p}, 200 L drum", &["2914.11"]),
    ("Hydrofluoric acid 49%, 25 kg", &["2811.11"]),
    ("Triethanolamine {p} TEA", &["2922.15"]),
    ("Isopropyl alcohol 99.9% IPA, 5 L", &["2905.12"]),
    ("Nitric acid 68% technical grade", &["2808.00"]),
    ("Potassium cyanide {p}, 1 kg", &["2837.19"]),
    ("Thiodiglycol {p} (Schedule 2 precursor)", &["2930.90"]),
    ("Titanium dioxide rutile R-{n}", &["2823.00", "3206.11"]),
    ("Cerium oxide polishing powder {n} um", &["2846.10"]),
    ("Lanthanum carbonate {p}", &["2846.90"]),
    ("Copper sulfate pentahydrate {p}", &["2833.25"]),
    ("Epoxy resin E-44, 20 kg", &["3907.30"]),
    ("Silicone sealant neutral cure, 300 ml", &["3214.10"]),
];

const HARDWARE: &[(&str, &[&str])] = &[
    ("Hex bolt M{n} x 40 stainless A2-70", &["7318.15"]),
    ("Deep groove ball bearing 6204-2RS", &["8482.10"]),
    ("Aluminium profile 40x40 slot 8, {n} mm", &["7604.21"]),
    ("PTFE tape 12 mm x 10 m", &["3919.10"]),
    ("Pneumatic cylinder bore {n} mm stroke 100", &["8412.31"]),
    ("Cable tie nylon 4.8 x 300 mm, pack 100", &["3926.90"]),
    ("Safety gloves nitrile size L", &["4015.19"]),
    ("Carbon steel pipe DN{n} schedule 40", &["7306.30"]),
    ("Timing belt GT2 6 mm, {n} mm", &["4010.39"]),
    ("Cordless drill 18V brushless", &["8467.21"]),
];

const CJK: &[(&str, &[&str])] = &[
    ("钕铁硼永磁体 {g} {d}mm 镀镍", &["8505.11.00", "8505111000"]),
    ("烧结钕铁硼磁钢 牌号{g}", &["8505.11"]),
    ("氧化镝粉末 {p} 25公斤/桶", &["2846.90.15", "2846901500"]),
    ("金属铽锭 {p}", &["2805.30"]),
    ("钐钴磁铁 环形 外径{n}mm", &["8505.11"]),
    ("サマリウムコバルト磁石 {d}mm", &["8505.11"]),
    ("ネオジム磁石 N52 丸型 {d}mm", &["8505.11.000"]),
    ("ＮｄＦｅＢ磁石 角型 {d}ｍｍ", &["8505.11"]),
    ("酸化ジスプロシウム {p}", &["2846.90"]),
    ("不锈钢内六角螺丝 M{n}x20", &["7318.15"]),
    ("陶瓷电容 {n}nF 50V 0603", &["8532.24"]),
    ("铁氧体磁铁 {d}mm", &["8505.19"]),
    ("锂电池 18650 {n}mAh", &["8507.60"]),
    ("氢氧化钠 片碱 {p}", &["2815.11"]),
    ("ステンレス六角ボルト M{n}", &["7318.15"]),
    ("フェライト磁石 {d}mm", &["8505.19"]),
    ("석영 유리관 {n}mm", &["7002.31"]),
    ("砷化镓晶片 4英寸", &["3818.00"]),
    ("高纯锗锭 {p}", &["8112.92"]),
    ("球形石墨负极材料 {n}μm", &["3801.90"]),
];

/// Kinds of row, with their share in percent.
/// Product templates with their HS codes.
type Templates = &'static [(&'static str, &'static [&'static str])];

const MIX: &[(usize, Templates)] = &[
    (10, CONTROLLED),
    (10, NEAR_MISS),
    (32, ELECTRONICS),
    (15, CHEMICALS),
    (15, HARDWARE),
    (18, CJK),
];

const GRADES: &[&str] = &[
    "N35", "N42", "N52", "N42SH", "N38UH", "N35EH", "N48M", "N45H",
];
const PURITY: &[&str] = &["99%", "99.5%", "99.9%", "99.99%", "4N", "5N", "3N5"];

/// Sentences appended to some rows to make them longer, like spec sheets.
const SPEC: &[&str] = &[
    "RoHS compliant.",
    "Packed in anti-static bags, 100 pcs per carton.",
    "Operating temperature -40 to +85 C.",
    "Certificate of analysis supplied with each lot.",
    "Lead time 4-6 weeks ex works Ningbo.",
    "MOQ 1000 pcs; samples available on request.",
    "Tolerance +/- 0.05 mm, surface roughness Ra 0.8.",
    "Customs: please declare the end use on the commercial invoice.",
    "Magnetized through thickness; handle with care, strong magnetic field.",
    "Stored under argon, shelf life 12 months.",
    "Conforms to REACH; SDS available in EN/DE/ZH.",
    "包装：真空铝箔袋，外箱纸箱。",
    "納期：受注後2週間。",
];

fn fill(template: &str, rng: &mut Rng, out: &mut String) {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let key = &rest[i + 1..i + 2];
        match key {
            "g" => out.push_str(rng.pick(GRADES)),
            "p" => out.push_str(rng.pick(PURITY)),
            "n" => {
                let _ = write!(out, "{}", rng.range(2, 2000));
            }
            _ => {
                let _ = write!(
                    out,
                    "{}x{}x{}",
                    rng.range(2, 60),
                    rng.range(2, 40),
                    rng.range(1, 20)
                );
            }
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
}

/// Appends one product description to `out`; returns an HS code for it.
pub fn description(rng: &mut Rng, out: &mut String) -> &'static str {
    let mut roll = rng.below(100);
    let mut table: Templates = MIX[0].1;
    for &(share, t) in MIX {
        if roll < share {
            table = t;
            break;
        }
        roll -= share;
    }
    let (template, codes) = rng.pick(table);
    fill(template, rng, out);
    rng.pick(codes)
}

/// Row `i` of the catalog for `seed` (rows are independent of each other, so
/// any row can be produced without the ones before it).
pub fn row(seed: u64, i: u64) -> Row {
    let mut rng = Rng::new(seed.wrapping_mul(0x1000_0000_01B3) ^ i);
    let mut text = String::with_capacity(96);
    let hs = description(&mut rng, &mut text);
    // 5% of rows carry a short spec sheet; 1% a long one.
    let extra = match rng.below(100) {
        0 => rng.range(6, 14),
        1..=5 => rng.range(1, 3),
        _ => 0,
    };
    for _ in 0..extra {
        text.push(' ');
        text.push_str(rng.pick(SPEC));
    }
    // 20% of rows have no HS code; 10% a 4-digit (less precise) one.
    let hs = match rng.below(10) {
        0 | 1 => String::new(),
        2 => hs.chars().filter(char::is_ascii_digit).take(4).collect(),
        _ => hs.to_string(),
    };
    Row {
        id: format!("SKU-{:07}", i + 1),
        description: text,
        hs,
    }
}

/// The first `rows` rows of the catalog for `seed`.
pub fn catalog(rows: usize, seed: u64) -> Vec<Row> {
    (0..rows as u64).map(|i| row(seed, i)).collect()
}

/// A description of about `len` bytes (never more), made of product lines
/// and spec sentences, cut at a character boundary.
pub fn text_of_len(len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed ^ len as u64);
    let mut s = String::with_capacity(len + 128);
    while s.len() < len {
        if !s.is_empty() {
            s.push_str("; ");
        }
        if rng.percent(50) {
            description(&mut rng, &mut s);
        } else {
            s.push_str(rng.pick(SPEC));
        }
    }
    let mut cut = len;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    s
}

/// Output formats of [`write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `id,description,hs_code` with a header row, RFC 4180 quoting.
    Csv,
    /// One `{"id":…,"description":…,"hs_code":…}` object per line.
    Jsonl,
}

fn csv_field(s: &str, out: &mut String) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes `rows` rows of the catalog for `seed` to `w`.
pub fn write(w: &mut impl Write, rows: usize, seed: u64, format: Format) -> io::Result<()> {
    let mut line = String::with_capacity(256);
    if format == Format::Csv {
        w.write_all(b"id,description,hs_code\n")?;
    }
    for i in 0..rows as u64 {
        let r = row(seed, i);
        line.clear();
        match format {
            Format::Csv => {
                csv_field(&r.id, &mut line);
                line.push(',');
                csv_field(&r.description, &mut line);
                line.push(',');
                csv_field(&r.hs, &mut line);
            }
            Format::Jsonl => {
                line.push_str("{\"id\":");
                json_str(&r.id, &mut line);
                line.push_str(",\"description\":");
                json_str(&r.description, &mut line);
                line.push_str(",\"hs_code\":");
                json_str(&r.hs, &mut line);
                line.push('}');
            }
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}
