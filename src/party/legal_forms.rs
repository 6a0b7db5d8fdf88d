//! Legal-form words: the parts of a company name that say what kind of
//! company it is, not which one (`Co., Ltd.`, `Corporation`, `GmbH`,
//! `株式会社`, `有限公司`, ...). Name keys ([`super::names::key`]) leave
//! them out.
//!
//! Each form is written as a name would write it and tokenized like one
//! (`Co.,Ltd.` is the tokens `co` `ltd`, `L.L.C.` is `l` `l` `c`,
//! `株式会社` is four characters). Four kinds, by where they are removed:
//!
//! * [`ANYWHERE`]: never a distinctive word; removed wherever they stand
//!   (`Mitsui Bussan Aerospace Co., Ltd. Maintenance Center` keeps
//!   `mitsui bussan aerospace maintenance center`; `株式会社IHIエアロスペース`
//!   keeps `ihiエアロスペース`).
//! * [`TRAILING`]: also ordinary words or parts of names (`Co`, `AG`, `SA`,
//!   `Company`, `公司`); removed only where a name ends: at the end of the
//!   text, before punctuation (`Foo Co., Tokyo`) or before another removed
//!   form (`Co` in `Co Ltd`). `AG Chemical` and `三菱重工公司东京` keep them.
//! * [`LEADING_OR_TRAILING`]: forms that also stand before the name (`The`,
//!   `有限会社`); removed at either end: as [`TRAILING`], or at the start of
//!   the text, after punctuation or after another removed form.
//! * [`IN_BRACKETS`]: one-character Japanese abbreviations, removed only as
//!   the whole content of brackets: `(株)`, and `㈱`, which NFKC turns into
//!   `(株)`. Any form that is the whole content of brackets (`(Pty)`) is
//!   removed too.
//!
//! `集团` / `Group` and `控股` / `Holdings` are not legal forms: they are
//! part of many distinctive names (`中国航天科技集团`, `Leda Group
//! Holdings`), and a group is not the company it heads.

/// Forms removed wherever they stand.
#[rustfmt::skip]
pub(crate) const ANYWHERE: &[&str] = &[
    "Ltd", "Limited", "Corporation", "Corp", "Inc", "Incorporated", "LLC", "L.L.C.", "LLP", "PLC",
    "GmbH", "Kabushiki Kaisha", "Kabushikigaisha", "Ltda", "S.p.A.", "S.A.R.L.", "Sdn Bhd",
    "株式会社", "有限公司", "股份有限公司", "有限责任公司", "股份公司",
    // Japanese corporate forms of agencies, foundations and universities
    // (`国立研究開発法人宇宙航空研究開発機構` is JAXA).
    "国立研究開発法人", "独立行政法人", "国立大学法人", "学校法人", "一般社団法人",
    "一般財団法人", "公益社団法人", "公益財団法人",
];

/// Forms removed only where a name ends (see the module docs).
#[rustfmt::skip]
pub(crate) const TRAILING: &[&str] = &[
    "Co", "Company", "K.K.", "KK", "Yugen Kaisha", "Godo Kaisha", "AG", "SA", "S.A.", "SAS",
    "S.A.S.", "BV", "B.V.", "NV", "N.V.", "Pty", "Pte", "Pvt", "Private", "SE", "AB", "AS", "A/S",
    "Oy", "KG", "SRL", "S.r.l.", "SpA", "SARL", "公司",
];

/// Forms removed at either end of a name (see the module docs).
pub(crate) const LEADING_OR_TRAILING: &[&str] =
    &["The", "有限会社", "合同会社", "合资会社", "合名会社"];

/// Forms removed only as the whole content of brackets: `(株)` `(有)`.
pub(crate) const IN_BRACKETS: &[&str] = &["株", "有", "合", "名", "资"];
