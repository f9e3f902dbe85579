//! `medbridge eval` end to end, through the binary, on a judged set and a 510(k) corpus of a
//! few lines written here: the report names the needs that went unanswered, so a judge who
//! brings a set can read them.

const CORPUS: &str = "\
KNUMBER,APPLICANT,COUNTRY_CODE,DECISIONDATE,PRODUCTCODE,DEVICENAME
K200001,Acme Medical,US,01/15/2020,CBK,ICU VENTILATOR MODEL V1
K200002,Acme Medical,US,02/15/2020,CBK,VENTILATOR CONTINUOUS
K200003,Beta Diagnostics,US,03/15/2020,CGA,GLUCOSE OXIDASE REAGENT KIT
K200004,Beta Diagnostics,US,04/15/2020,CGA,GLUCOSE REAGENT
";

const NEEDS: &str = "\
id\tlang\tneed_text\tfda_codes\tnote
en-001\ten\tICU ventilator, 5 units\tCBK\tventilators
ru-001\tru\tАппарат ИВЛ реанимационный\tCBK\tventilator in Russian
en-002\ten\tglucose reagent kit for the chemistry analyser\tCGA\tglucose reagent
en-003\ten\tqwxz frobnicator\tCBK\twords nothing answers
";

mod common;

#[test]
fn the_eval_names_the_needs_it_could_not_answer() {
    let dir = common::scratch("eval-cli");
    let corpus = dir.0.join("pmn.csv");
    let needs = dir.0.join("needs.tsv");
    std::fs::write(&corpus, CORPUS).unwrap();
    std::fs::write(&needs, NEEDS).unwrap();
    let run = |json: bool| {
        let (needs, corpus) = (needs.to_str().unwrap(), corpus.to_str().unwrap());
        let mut args = vec!["eval", "--needs", needs, "--corpus", corpus];
        if json {
            args.push("--json");
        }
        let out = common::medbridge_with(&dir.0, &args, &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(false);
    assert!(text.contains("| en | all | 3 |"), "{text}");
    assert!(
        text.contains("needs with no answer in their top 10 over all offers (1): en-003\n"),
        "{text}"
    );
    assert!(
        text.contains("needs the engine returned nothing for (1): en-003\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&run(true)).unwrap();
    assert_eq!(json["missed"], serde_json::json!(["en-003"]));
    assert_eq!(json["violations"], 0);
}
