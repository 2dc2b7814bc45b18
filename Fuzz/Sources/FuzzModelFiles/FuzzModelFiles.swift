// libFuzzer entry point over the file readers: each input is written to a file that `Model.load(from:)`
// and `loadWeights(from:)` then read, as a .keras archive, an HDF5 model and an HDF5 weights file.
// Built only by Fuzz/run.sh (SWIFTDL_FUZZ=1 adds this target to Package.swift), which says how to run it.
import DL
#if canImport(Glibc)
import Glibc
#endif

/// A model the weights inputs are loaded into: the fixtures' MLP (Tests/Fixtures/KerasFiles).
private let target = Sequential([Dense(16, activation: .relu, inputShape: [20]), Dropout(0.2),
                                 Dense(5, activation: .softmax)], name: "mlp")
private let folder: String = {
    var template = Array("/tmp/swiftdl-fuzz-XXXXXX".utf8CString)
    return mkdtemp(&template).map { String(cString: $0) } ?? "/tmp"
}()

/// libFuzzer's driver (compiler-rt), which runs the fuzzing loop over `callback` with the command line's options.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The program's entry (SwiftPM names an executable's main `<Module>_main`): libFuzzer's driver over
/// `fuzzModelFiles`.
@_cdecl("FuzzModelFiles_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc, arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzModelFiles(data, size) }
}

/// One fuzzing input, read as each kind of model file.
func fuzzModelFiles(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    for name in ["input.keras", "input.h5", "input.weights.h5"] {
        let path = folder + "/" + name
        guard let file = fopen(path, "wb") else { return 0 }
        _ = fwrite(bytes.baseAddress, 1, bytes.count, file)
        fclose(file)
        // Every outcome but a crash, a hang or a leak is fine: a model, or a DLError.
        if let model = try? Model.load(from: path), let input = model.inputs.first {
            _ = try? model.predict(Tensor.zeros([1] + input.shape))
        }
        try? target.loadWeights(from: path)
        try? target.loadWeights(from: path, skipMismatch: true)
    }
    return 0
}
