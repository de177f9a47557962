//! The shipped rule files compile, and cover every rule id of the catalogue.

use vtcheck::calendar::Calendar;
use vtcheck::rules;

#[test]
fn embedded_catalogue_compiles_with_every_rule() {
    let mut diags = Vec::new();
    let sources = rules::sources(&[], &mut diags);
    let set = rules::load(&sources, Calendar::atw(), &mut diags);
    for d in &diags {
        eprintln!("{}: {} {:?}", d.location(), d.message, d.help);
    }
    let set = set.expect("rule files compile");
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    let expected = [
        "VT-A01", "VT-A02", "VT-A03", "VT-A04", "VT-D01", "VT-D02", "VT-M01", "VT-M02", "VT-M03",
        "VT-M04", "VT-O01", "VT-O02", "VT-O03", "VT-O04", "VT-O05", "VT-R01", "VT-R02", "VT-T01",
        "VT-T02", "VT-T03", "VT-T04", "VT-T05", "VT-T06", "VT-T07", "VT-T08", "VT-V01", "VT-V02",
        "VT-V03", "VT-V04", "VT-V05", "VT-V06", "VT-V07",
    ];
    assert_eq!(ids, expected);
}
