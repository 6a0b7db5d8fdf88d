//! Rules with numeric parameter conditions: met, unknown, failed, and how
//! each shows up in hits, near misses, output records and `dualuse test`.

use dualuse::param::ParamStatus;
use dualuse::{Confidence, Item, Matcher, MissReason, NaiveDate, Ruleset};

const RULES: &str = r#"
[ruleset]
id = "eu-test"
regime = "EU"
title = "Test lasers"
instrument = "Regulation (EU) 2021/821, Annex I"
source = "https://example.org"
effective = 2021-09-09
reviewed = 2026-11-29

[[rule]]
id = "EU-LASER"
control_code = "6A005.b"
category = "dual-use"
title = "CW lasers"
terms = ["fiber laser", "fibre laser", "光纤激光器"]
hs = ["9013.20"]
[[rule.params]]
quantity = "power"
op = ">"
value = "1 kW"
near = ["output", "laser", "激光器"]
[[rule.params]]
quantity = "wavelength"
op = "range"
value = "1000 nm"
max = "1100 nm"

[[rule]]
id = "EU-CELL"
control_code = "3A001.e.1"
category = "dual-use"
title = "Cells"
terms = ["battery cell"]
[[rule.params]]
any = [ { quantity = "specific_energy", op = ">", value = "350 Wh/kg" },
        { quantity = "volumetric_energy_density", op = ">", value = "800 Wh/L" } ]
"#;

fn matcher() -> Matcher {
    let rules = Ruleset::from_source("eu-test.toml", RULES).expect("rules load");
    Matcher::new(rules).expect("rules compile")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).expect("valid date")
}

#[test]
fn numbers_above_thresholds_hit_with_their_evidence() {
    let m = matcher();
    let text = "Fiber laser, output 1.5 kW CW, 1070 nm";
    let c = m.classify(&Item::new(text).hs("9013.20.00").as_of(day()));
    assert_eq!(c.hits.len(), 1);
    let h = &c.hits[0];
    assert_eq!(h.confidence, Confidence::Confirmed);
    let p = h.parameters.as_ref().expect("parameters evaluated");
    assert_eq!(p.status, ParamStatus::Met);
    let quoted: Vec<&str> = p.evidence.iter().map(|e| &text[e.span.clone()]).collect();
    assert_eq!(quoted, ["1.5 kW", "1070 nm"]);
    assert!(p.evidence.iter().all(|e| e.met));
    assert!((p.evidence[0].value - 1500.0).abs() < 1e-9);
}

#[test]
fn no_number_is_a_hit_flagged_unknown() {
    let m = matcher();
    let c = m.classify(&Item::new("Fibre laser module, industrial").as_of(day()));
    let h = &c.hits[0];
    assert_eq!(h.confidence, Confidence::Text);
    assert_eq!(
        h.parameters.as_ref().map(|p| p.status),
        Some(ParamStatus::Unknown)
    );
    // One condition met, the other unknown: still unknown.
    let c = m.classify(&Item::new("fiber laser 2 kW").as_of(day()));
    assert_eq!(
        c.hits[0].parameters.as_ref().map(|p| p.status),
        Some(ParamStatus::Unknown)
    );
}

#[test]
fn numbers_below_thresholds_miss_and_explain_says_which() {
    let m = matcher();
    let text = "fiber laser 500 W, 1064 nm";
    assert!(m.classify(&Item::new(text).as_of(day())).hits.is_empty());
    // At the threshold is not above it.
    assert!(
        m.classify(&Item::new("fiber laser 1 kW 1064 nm").as_of(day()))
            .hits
            .is_empty()
    );
    // Outside the wavelength band.
    assert!(
        m.classify(&Item::new("fiber laser 2 kW 532 nm").as_of(day()))
            .hits
            .is_empty()
    );
    let c = m.classify_explained(&Item::new(text).as_of(day()));
    let miss = &c.near_misses[0];
    assert_eq!(miss.rule.id, "EU-LASER");
    let MissReason::ParametersFailed(ev) = &miss.reason else {
        panic!("expected failed parameters, got {:?}", miss.reason);
    };
    let failed: Vec<String> = ev.iter().filter(|e| !e.met).map(|e| e.describe()).collect();
    assert_eq!(failed, ["power 0.5 kW > 1 kW: failed"]);
}

#[test]
fn failed_numbers_with_a_matching_hs_code_leave_an_hs_lead() {
    let m = matcher();
    let c = m.classify(
        &Item::new("fiber laser 500 W 1064 nm")
            .hs("9013.20")
            .as_of(day()),
    );
    assert_eq!(c.hits.len(), 1);
    assert_eq!(c.hits[0].confidence, Confidence::Hs);
    assert_eq!(
        c.hits[0].parameters.as_ref().map(|p| p.status),
        Some(ParamStatus::Failed)
    );
}

#[test]
fn near_words_restrict_which_numbers_count() {
    let m = matcher();
    // "1.5 kW" is the chiller's, more than 40 bytes from any near word.
    let text = "Fiber laser 1064 nm; water chiller for the cutting table, rated 1.5 kW";
    let c = m.classify(&Item::new(text).as_of(day()));
    assert_eq!(
        c.hits[0].parameters.as_ref().map(|p| p.status),
        Some(ParamStatus::Unknown)
    );
}

#[test]
fn any_group_needs_one_condition() {
    let m = matcher();
    let hit = |t: &str| {
        m.classify(&Item::new(t).as_of(day()))
            .hits
            .into_iter()
            .find(|h| h.rule.id == "EU-CELL")
            .and_then(|h| h.parameters.map(|p| p.status))
    };
    assert_eq!(hit("battery cell 400 Wh/kg"), Some(ParamStatus::Met));
    assert_eq!(
        hit("battery cell 250 Wh/kg, 900 Wh/L"),
        Some(ParamStatus::Met)
    );
    assert_eq!(hit("battery cell 250 Wh/kg, 600 Wh/L"), None);
    assert_eq!(hit("battery cell 18650"), Some(ParamStatus::Unknown));
}

#[test]
fn cjk_units_are_read() {
    let m = matcher();
    let c = m.classify(&Item::new("光纤激光器 输出功率2千瓦 波长1080纳米").as_of(day()));
    assert_eq!(
        c.hits
            .first()
            .and_then(|h| h.parameters.as_ref())
            .map(|p| p.status),
        Some(ParamStatus::Met),
        "{c:?}"
    );
}

#[test]
fn output_record_carries_quantities() {
    let m = matcher();
    let text = "fiber laser output 1.5 kW 1070 nm";
    let c = m.classify(&Item::new(text).as_of(day()));
    let json = serde_json::to_value(dualuse::output::Record::new(1, None, &c)).expect("json");
    let hit = &json["hits"][0];
    assert_eq!(hit["parameters"], "met");
    let q: Vec<&serde_json::Value> = hit["evidence"]
        .as_array()
        .expect("evidence list")
        .iter()
        .filter(|e| e["kind"] == "quantity")
        .collect();
    assert_eq!(q.len(), 2);
    assert_eq!(q[0]["quantity"], "power");
    assert_eq!(q[0]["start"], 19);
    assert_eq!(q[0]["end"], 25);
    assert_eq!(q[0]["value"], 1500.0);
    assert_eq!(q[0]["unit"], "W");
    assert_eq!(q[0]["op"], ">");
    assert_eq!(q[0]["threshold"], "1 kW");
    assert_eq!(q[0]["met"], true);
}

#[test]
fn params_change_the_fingerprint() {
    let a = Ruleset::from_source("a.toml", RULES).expect("load");
    let b = Ruleset::from_source("b.toml", &RULES.replace("350 Wh/kg", "300 Wh/kg")).expect("load");
    assert_ne!(a.fingerprint(), b.fingerprint());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn threshold_rule(watts: u32) -> Matcher {
        let src = format!(
            r#"
[ruleset]
id = "p"
regime = "EU"
title = "p"
instrument = "p"
source = "https://example.org"
effective = 2021-01-01
reviewed = 2026-11-29

[[rule]]
id = "EU-P"
control_code = "6A005"
category = "dual-use"
title = "p"
terms = ["laser"]
[[rule.params]]
quantity = "power"
op = ">="
value = "{watts} W"
"#
        );
        Matcher::new(Ruleset::from_source("p.toml", &src).expect("load")).expect("compile")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever unit and notation the description uses, the rule hits
        /// exactly when the stated power reaches the threshold.
        #[test]
        fn decision_follows_the_si_value(
            threshold in 1u32..5000,
            milliwatts in 0u64..20_000_000,
            unit in 0usize..3,
            comma in any::<bool>(),
        ) {
            let m = threshold_rule(threshold);
            // Four or seven decimals: never the `d,ddd` thousands form.
            let (mut number, suffix) = match unit {
                0 => (format!("{:.4}", milliwatts as f64 / 1000.0), "W"),
                1 => (format!("{:.7}", milliwatts as f64 / 1_000_000.0), "kW"),
                _ => (format!("{milliwatts}"), "mW"),
            };
            if comma {
                number = number.replace('.', ",");
            }
            let text = format!("diode laser module {number} {suffix}");
            let c = m.classify(&Item::new(&text).as_of(day()));
            let hit = !c.hits.is_empty();
            let reaches = milliwatts >= u64::from(threshold) * 1000;
            prop_assert_eq!(hit, reaches, "{} vs {} W", text, threshold);
            if hit {
                prop_assert_eq!(
                    c.hits[0].parameters.as_ref().map(|p| p.status),
                    Some(ParamStatus::Met)
                );
            }
        }
    }
}
