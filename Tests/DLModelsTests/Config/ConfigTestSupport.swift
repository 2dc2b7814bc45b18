import DL
import Foundation
import XCTest

/// The JSON list Keras wrote in `Tests/Fixtures/Keras/<name>` (see `generate_training_configs.py`).
func kerasFixture(_ name: String) throws -> [LayerConfig] {
    let tests = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: tests.appendingPathComponent("Fixtures/Keras/\(name)"), encoding: .utf8)
    let value = try LayerConfig(json: text)
    guard let list = value.arrayValue else { throw DLError.invalidArgument(context: name, message: "not a JSON list") }
    return list
}

/// The text of the error `body` throws ("" when it throws none).
func thrownText(_ body: () throws -> Any) -> String {
    do { _ = try body() } catch { return "\(error)" }
    return ""
}

/// Asserts that `body` throws an error whose text contains every one of `parts`.
func assertThrowsMentioning(_ parts: [String], _ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) {
    let text = thrownText(body)
    XCTAssertFalse(text.isEmpty, "no error thrown", file: file, line: line)
    for part in parts { XCTAssertTrue(text.contains(part), "'\(part)' not in: \(text)", file: file, line: line) }
}

/// `config` with `key` set to `value` (a copy of a valid configuration made invalid).
func replacing(_ config: LayerConfig, _ key: String, with value: LayerConfig) -> LayerConfig {
    var members = config.objectValue ?? [:]
    members[key] = value
    return .object(members)
}

/// Reads every entry of the Keras fixture `name` (`count` of them) with `deserialize`, asserts
/// that `serialize` writes it back exactly as Keras wrote it and that the object is of the class
/// Keras named (`className(of:)`), and returns the objects.
func assertKerasFixtureRoundTrips<Object>(_ name: String, count: Int, _ deserialize: (LayerConfig) throws -> Object,
                                          _ serialize: (Object) -> LayerConfig, className: (Object) -> String? = { _ in nil },
                                          file: StaticString = #filePath, line: UInt = #line) throws -> [Object] {
    let fixtures = try kerasFixture(name)
    XCTAssertEqual(fixtures.count, count, file: file, line: line)
    return try fixtures.map { serialized in
        let object = try deserialize(serialized)
        XCTAssertEqual(serialize(object), serialized, file: file, line: line)
        let expected = serialized["class_name"]?.stringValue
        XCTAssertEqual(className(object) ?? String(describing: type(of: object as Any)), expected, file: file, line: line)
        return object
    }
}
