import DLLayers
import XCTest

/// `LayerConfig`'s JSON both ways, and `ConfigReader`'s checks.
final class LayerConfigTests: XCTestCase {
    func testJSONRoundTripKeepsIntegersApartFromFloats() throws {
        let text = #"{"units": 8, "rate": 0.5, "scale": 2.0, "tiny": 1e-07, "neg": -3, "name": "d\"x\u00e9\n", "on": true, "off": false, "none": null, "list": [1, [2.5, {}], []], "nan": NaN, "inf": -Infinity}"#
        let value = try LayerConfig(json: text)
        XCTAssertEqual(value["units"], .int(8))
        XCTAssertEqual(value["rate"], .double(0.5))
        XCTAssertEqual(value["scale"], .double(2))
        XCTAssertEqual(value["tiny"], .double(1e-7))
        XCTAssertEqual(value["neg"], .int(-3))
        XCTAssertEqual(value["name"], .string("d\"xé\n"))
        XCTAssertEqual(value["list"], [1, [2.5, [:]], []])
        XCTAssertEqual(value["none"], .null)
        XCTAssertEqual(value["inf"], .double(-.infinity))
        XCTAssertTrue(value["nan"]?.doubleValue?.isNaN ?? false)
        // Written back with sorted keys and Python's float spelling, it reads back equal (but for NaN ≠ NaN).
        let written = value.json
        XCTAssertTrue(written.hasPrefix(#"{"inf":-Infinity,"list":[1,[2.5,{}],[]],"name":"d\"xé\n","nan":NaN,"neg":-3,"none":null,"off":false,"on":true,"rate":0.5,"scale":2.0,"tiny":1e-07,"units":8}"#), written)
        var members = try XCTUnwrap(try LayerConfig(json: written).objectValue)
        members["nan"] = nil
        var original = try XCTUnwrap(value.objectValue)
        original["nan"] = nil
        XCTAssertEqual(members, original)
    }

    func testFloatsAreStoredAsTheirShortestDecimal() {
        XCTAssertEqual(LayerConfig.float(0.3).json, "0.3")
        XCTAssertEqual(LayerConfig.float(1e-7).json, "1e-07")
        XCTAssertEqual(LayerConfig.float(0.001).json, "0.001")
        XCTAssertEqual(LayerConfig.float(2).json, "2.0")
    }

    func testMalformedJSONThrowsWithTheOffset() {
        for bad in ["", "{", #"{"a" 1}"#, "[1,]", "tru", #""abc"#, "1.e", "{} x", #"{"a":-}"#] {
            XCTAssertThrowsError(try LayerConfig(json: bad), bad) { error in
                XCTAssertTrue("\(error)".contains("at byte"), "\(error)")
            }
        }
    }

    func testReaderNamesTheOwnerAndTheKey() throws {
        var reader = try ConfigReader(["units": 4, "activation": "relu", "kernel_size": 3, "strides": [1, 2], "bogus": 1], owner: "Dense")
        XCTAssertEqual(try reader.int("units"), 4)
        XCTAssertEqual(try reader.string("activation"), "relu")
        XCTAssertEqual(try reader.ints("kernel_size", count: 2), [3, 3])
        XCTAssertEqual(try reader.ints("strides", count: 2), [1, 2])
        XCTAssertEqual(try reader.float("rate", default: 0.5), 0.5)
        XCTAssertThrowsError(try reader.finish()) { error in
            XCTAssertEqual("\(error)", "Dense.fromConfig: unknown configuration key 'bogus'. Received: bogus=1")
        }
        reader.ignore(["bogus"])
        XCTAssertNoThrow(try reader.finish())

        var typed = try ConfigReader(["units": "four", "constraint": ["class_name": "MaxNorm"]], owner: "Dense")
        XCTAssertThrowsError(try typed.int("units")) { error in
            XCTAssertEqual("\(error)", #"Dense.fromConfig: key 'units' must be an integer. Received: units="four""#)
        }
        XCTAssertThrowsError(try typed.ignoreIfNull(["constraint"])) { error in
            XCTAssertTrue("\(error)".contains("'constraint'"), "\(error)")
        }
        XCTAssertThrowsError(try ConfigReader([1, 2], owner: "Dense"))
    }
}
