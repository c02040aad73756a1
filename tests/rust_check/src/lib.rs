//! The generated modules under test, one `pub mod` per catalog (see `Cargo.toml`).
#![deny(missing_docs)]

/// Serializes every error to its name and back, inside one generated module.
#[cfg(all(test, feature = "serde"))]
macro_rules! serde_round_trip {
    () => {
        #[test]
        fn serde_round_trip() {
            for &e in ErrorCode::ALL {
                let json = serde_json::to_string(&e).unwrap();
                assert_eq!(json, serde_json::to_string(e.name()).unwrap());
                assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), e);
            }
            let err = serde_json::from_str::<ErrorCode>("\"no_such_error\"").unwrap_err();
            assert!(err.to_string().contains("no_such_error"), "{err}");
            assert!(serde_json::from_str::<ErrorCode>("42").is_err());
        }
    };
}

include!(env!("ERRCAT_RUST_CHECK_MODULES"));
