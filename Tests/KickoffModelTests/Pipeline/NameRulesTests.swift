@testable import KickoffModel
import Testing

@Suite("Name rules")
struct NameRulesTests {
    @Test func names() {
        for valid in ["a", "train_model", "step-2", "ABC_def-123", String(repeating: "x", count: 64)] {
            #expect(NameRules.isValidName(valid), "\(valid)")
        }
        for invalid in ["", "a b", "a.b", "a/b", "a:b", "{x}", "é", String(repeating: "x", count: 65)] {
            #expect(!NameRules.isValidName(invalid), "\(invalid)")
        }
    }

    @Test func environmentNames() {
        for valid in ["PATH", "_X", "a1", "PYTHON_UNBUFFERED"] {
            #expect(NameRules.isValidEnvironmentName(valid), "\(valid)")
        }
        for invalid in ["", "1A", "A-B", "A B", "A=B", "É"] {
            #expect(!NameRules.isValidEnvironmentName(invalid), "\(invalid)")
        }
    }

    @Test func suggestionsForTyposOnly() {
        #expect(KeySuggestion.closest(to: "aftr", among: PipelineFileParser.stepKeys) == "after")
        #expect(KeySuggestion.closest(to: "laod", among: ["load", "train"]) == "load")
        #expect(KeySuggestion.closest(to: "command", among: PipelineFileParser.stepKeys) == nil)
    }
}
