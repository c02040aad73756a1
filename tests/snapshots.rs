//! Snapshots of every target for every fixture: a change to a template shows up as a reviewed
//! diff of real output. (Whether that output works is proven by the per-language tests, which
//! compile and run it.)

mod common;

#[test]
fn every_target_of_every_fixture() {
    let engine = errcat::Engine::new(None).unwrap();
    for fixture in common::valid_fixtures() {
        let case = fixture
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Loaded by a relative path, as users do (the header names only the file).
        let relative = fixture.strip_prefix(common::root()).unwrap();
        std::env::set_current_dir(common::root()).unwrap();
        let catalog = common::load(relative);
        for file in errcat::render(&catalog, errcat::targets::all(), &engine).unwrap() {
            let name = format!("{case}__{}", file.path.replace('/', "__"));
            insta::assert_snapshot!(name, file.contents);
        }
    }
}
