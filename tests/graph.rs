//! `triage graph`: the rule network in dot and Mermaid.

use crate::harness::{Test, fixtures};

#[test]
fn the_red_flag_part_in_mermaid() {
    Test::new()
        .current_dir(&fixtures())
        .args(&[
            "--rules",
            "clinic",
            "graph",
            "--format",
            "mermaid",
            "--red-flags",
        ])
        .stdout(
            r#"flowchart LR
  %% Knowledge base: clinic (clinic 1.0.0)
  f_back_pain(["back_pain"])
  f_bladder_trouble(["bladder_trouble"])
  f_saddle_numbness(["saddle_numbness"])
  f_fever(["fever"])
  r_ces_emergency["ces_emergency"]
  r_fever_urgent["fever_urgent"]
  l_emergency[["emergency"]]
  l_urgent[["urgent"]]
  f_bladder_trouble --> r_ces_emergency
  f_saddle_numbness --> r_ces_emergency
  r_ces_emergency --> l_emergency
  f_fever --> r_fever_urgent
  f_back_pain --> r_fever_urgent
  r_fever_urgent --> l_urgent
  classDef redflag fill:#f8d7da,stroke:#c0392b
  class f_bladder_trouble,f_saddle_numbness,f_fever redflag
  classDef level fill:#f5c6cb,stroke:#922b21
  class l_emergency,l_urgent level
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn the_whole_network_in_dot() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "graph"])
        .stdout(r##"// Knowledge base: clinic (clinic 1.0.0)
digraph triage {
  rankdir=LR;
  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor=white];
  edge [fontname="Helvetica", fontsize=9];
  "f_back_pain" [label="back_pain", shape="ellipse", fillcolor="#e8f0fe"];
  "f_back_numbness" [label="back_numbness", shape="ellipse", fillcolor="#e8f0fe"];
  "f_leg_pain" [label="leg_pain", shape="ellipse", fillcolor="#e8f0fe"];
  "f_bladder_trouble" [label="bladder_trouble", shape="ellipse", fillcolor="#f8d7da"];
  "f_saddle_numbness" [label="saddle_numbness", shape="ellipse", fillcolor="#f8d7da"];
  "f_fever" [label="fever", shape="ellipse", fillcolor="#f8d7da"];
  "f_age" [label="age", shape="ellipse", fillcolor="#e8f0fe"];
  "c_nerve_root" [label="nerve_root", shape="hexagon", fillcolor="#fff3cd"];
  "r_ces_emergency" [label="ces_emergency", shape="box", fillcolor="#f1f3f4"];
  "r_fever_urgent" [label="fever_urgent", shape="box", fillcolor="#f1f3f4"];
  "r_nerve_root_from_leg" [label="nerve_root_from_leg", shape="box", fillcolor="#f1f3f4"];
  "r_sciatica_from_nerve_root" [label="sciatica_from_nerve_root", shape="box", fillcolor="#f1f3f4"];
  "r_strain_without_nerve_root" [label="strain_without_nerve_root", shape="box", fillcolor="#f1f3f4"];
  "r_strain_less_likely_with_nerve_root" [label="strain_less_likely_with_nerve_root", shape="box", fillcolor="#f1f3f4"];
  "r_numb_back_older" [label="numb_back_older", shape="box", fillcolor="#f1f3f4"];
  "k_cauda_equina" [label="cauda_equina", shape="box", style="rounded,filled", fillcolor="#d4edda"];
  "k_sciatica" [label="sciatica", shape="box", style="rounded,filled", fillcolor="#d4edda"];
  "k_strain" [label="strain", shape="box", style="rounded,filled", fillcolor="#d4edda"];
  "k_infection" [label="infection", shape="box", style="rounded,filled", fillcolor="#d4edda"];
  "l_emergency" [label="emergency", shape="octagon", fillcolor="#f5c6cb"];
  "l_urgent" [label="urgent", shape="octagon", fillcolor="#f5c6cb"];
  "l_self_care" [label="self_care", shape="octagon", fillcolor="#f5c6cb"];
  "f_bladder_trouble" -> "r_ces_emergency";
  "f_saddle_numbness" -> "r_ces_emergency";
  "r_ces_emergency" -> "l_emergency";
  "r_ces_emergency" -> "k_cauda_equina" [label="+5"];
  "f_fever" -> "r_fever_urgent";
  "f_back_pain" -> "r_fever_urgent";
  "r_fever_urgent" -> "l_urgent";
  "r_fever_urgent" -> "k_infection" [label="+3"];
  "f_back_pain" -> "r_nerve_root_from_leg";
  "f_leg_pain" -> "r_nerve_root_from_leg";
  "r_nerve_root_from_leg" -> "c_nerve_root";
  "c_nerve_root" -> "r_sciatica_from_nerve_root";
  "r_sciatica_from_nerve_root" -> "k_sciatica" [label="+3"];
  "f_back_pain" -> "r_strain_without_nerve_root";
  "c_nerve_root" -> "r_strain_without_nerve_root" [label="not", style=dashed, color="#c0392b"];
  "r_strain_without_nerve_root" -> "k_strain" [label="+2"];
  "c_nerve_root" -> "r_strain_less_likely_with_nerve_root";
  "r_strain_less_likely_with_nerve_root" -> "k_strain" [label="-1", style=dashed, color="#c0392b"];
  "f_back_numbness" -> "r_numb_back_older";
  "f_age" -> "r_numb_back_older";
  "r_numb_back_older" -> "l_urgent";
}
"##)
        .stderr("")
        .run();
}
