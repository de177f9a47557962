//! The shipped rule files compile, and cover every rule id of the catalogue.

#[test]
fn embedded_catalogue_compiles_with_every_rule() {
    let set = match vtcheck::rules::embedded() {
        Ok(s) => s,
        Err(diags) => {
            let text: Vec<String> = diags
                .iter()
                .map(|d| format!("{}: {} {:?}", d.location(), d.message, d.help))
                .collect();
            panic!("rule files do not compile:\n{}", text.join("\n"));
        }
    };
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    let expected = [
        "VT-A01", "VT-A02", "VT-A03", "VT-A04", "VT-D01", "VT-D02", "VT-M01", "VT-M02", "VT-M03",
        "VT-M04", "VT-O01", "VT-O02", "VT-O03", "VT-O04", "VT-O05", "VT-R01", "VT-R02", "VT-T01",
        "VT-T02", "VT-T03", "VT-T04", "VT-T05", "VT-T06", "VT-T07", "VT-T08", "VT-V01", "VT-V02",
        "VT-V03", "VT-V04", "VT-V05", "VT-V06", "VT-V07",
    ];
    assert_eq!(ids, expected);
    assert_eq!(set.calendar_sha256.len(), 64);
}
