import DL
import Foundation
import XCTest

/// Writes SwiftDL's weights files for the generator's `--verify DIR` mode, by hand only: with
/// `SWIFTDL_KERAS_VERIFY_DIR` set, each fixture model (its weights loaded from Keras 3's file, then
/// perturbed so that the check cannot pass on Keras's own values) writes `<model>.keras` and `<model>.h5`
/// (whole models), `<model>.weights.h5` and `<model>_weights.h5` (weights in Keras 3's and Keras 2's
/// layouts) and `<model>.io.json` with SwiftDL's predictions; then run
/// `generate_keras_files.py --verify DIR`. Skipped otherwise.
final class KerasVerifyExport: XCTestCase {
    func testWriteFilesForKerasVerify() throws {
        guard let folder = ProcessInfo.processInfo.environment["SWIFTDL_KERAS_VERIFY_DIR"] else {
            throw XCTSkip("set SWIFTDL_KERAS_VERIFY_DIR to write files for generate_keras_files.py --verify")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in KerasFileModels.names {
            let model = try KerasFileModels.build(name)
            try model.loadWeights(from: KerasFileModels.file("keras3/\(name).weights.h5"))
            for variable in model.weights {
                variable.assign(Tensor(shape: variable.shape, scalars: variable.storedValue.scalars.map { $0 * 0.9 + 0.01 }))
            }
            let inputs = try KerasFileModels.io(name).inputs
            let outputs = try model.predict(inputs)
            try model.saveWeights(to: "\(folder)/\(name).weights.h5")
            try model.saveWeights(to: "\(folder)/\(name)_weights.h5")
            try model.save(to: "\(folder)/\(name).keras")
            try model.save(to: "\(folder)/\(name).h5")
            func json(_ t: Tensor) -> [String: Any] { ["shape": t.shape, "data": t.scalars.map(Double.init)] }
            let io: [String: Any] = ["inputs": inputs.map(json), "outputs": [json(outputs)]]
            try JSONSerialization.data(withJSONObject: io).write(to: URL(fileURLWithPath: "\(folder)/\(name).io.json"))
        }
    }
}
