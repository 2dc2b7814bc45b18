import DLData
import Foundation
import XCTest

final class DatasetLocatorTests: XCTestCase {
    private var fixtures: IDXFixtures!
    private var savedEnvironment: [String: String?] = [:]

    override func setUpWithError() throws {
        fixtures = try IDXFixtures()
        for key in ["DL_DATASETS", "HOME"] { savedEnvironment[key] = getenv(key).map { String(cString: $0) } }
    }

    override func tearDown() {
        for (key, value) in savedEnvironment {
            if let value { setenv(key, value, 1) } else { unsetenv(key) }
        }
        fixtures.remove()
    }

    func testSearchOrderWithoutExplicitFolder() {
        setenv("DL_DATASETS", "/data/sets", 1)
        setenv("HOME", "/home/someone", 1)
        XCTAssertEqual(FashionMNIST.locator.candidateFolders(), [
            "/data/sets/fashion-mnist", "/usr/share/datasets/fashion-mnist", "/home/someone/.swiftdl/datasets/fashion-mnist",
        ])
        unsetenv("DL_DATASETS")
        XCTAssertEqual(MNIST.locator.candidateFolders(), [
            "/usr/share/datasets/mnist", "/home/someone/.swiftdl/datasets/mnist",
        ])
    }

    func testExplicitFolderIsTheOnlyOneSearched() {
        setenv("DL_DATASETS", "/data/sets", 1)
        XCTAssertEqual(FashionMNIST.locator.candidateFolders(explicit: "/my/folder"), ["/my/folder"])
    }

    func testDLDatasetsComesBeforeSystemFolder() throws {
        // Real Fashion-MNIST may sit in /usr/share/datasets; the $DL_DATASETS copy must win.
        try fixtures.writeMNISTLayout(in: "fashion-mnist", pixel: 7, gzip: true)
        setenv("DL_DATASETS", fixtures.folder, 1)
        let data = try FashionMNIST.loadData()
        XCTAssertEqual(data.train.x.shape, [3, 28, 28])
        XCTAssertEqual(data.train.y, Tensor([0, 1, 2]))
        XCTAssertEqual(data.test.x.shape, [2, 28, 28])
        XCTAssertEqual(data.test.x.max().scalar, 7)
    }

    func testFromFolderComesBeforeDLDatasetsAndAcceptsUncompressedFiles() throws {
        try fixtures.writeMNISTLayout(in: "fashion-mnist", pixel: 7, gzip: true)
        let explicit = try fixtures.writeMNISTLayout(in: "mine", trainCount: 4, testCount: 1, pixel: 200, gzip: false)
        setenv("DL_DATASETS", fixtures.folder, 1)
        let data = try FashionMNIST.loadData(from: explicit)
        XCTAssertEqual(data.train.x.shape, [4, 28, 28])
        XCTAssertEqual(data.train.x.max().scalar, 200)
        XCTAssertEqual(data.test.y, Tensor([0]))
    }

    func testMissingDatasetListsFoldersAndHowToInstall() {
        setenv("DL_DATASETS", fixtures.folder, 1)
        setenv("HOME", fixtures.folder + "/home", 1)
        let fashionFolders = [fixtures.folder + "/fashion-mnist", "/usr/share/datasets/fashion-mnist",
                              fixtures.folder + "/home/.swiftdl/datasets/fashion-mnist"]
        // With an explicit empty folder only that folder is tried, whatever is installed elsewhere.
        XCTAssertThrowsError(try FashionMNIST.loadData(from: fixtures.folder)) { error in
            guard case let DLError.datasetNotFound(name, tried, hint) = error else {
                return XCTFail("expected DLError.datasetNotFound, got \(error)")
            }
            XCTAssertEqual(name, "fashion-mnist")
            XCTAssertEqual(tried, [fixtures.folder])
            XCTAssertTrue(hint.contains("apt-get install dataset-fashion-mnist"), hint)
        }
        XCTAssertEqual(FashionMNIST.locator.candidateFolders(), fashionFolders)
        XCTAssertThrowsError(try MNIST.loadData()) { error in
            guard case let DLError.datasetNotFound(name, tried, hint) = error else {
                return XCTFail("expected DLError.datasetNotFound, got \(error)")
            }
            XCTAssertEqual(name, "mnist")
            XCTAssertEqual(tried, [fixtures.folder + "/mnist", "/usr/share/datasets/mnist",
                                   fixtures.folder + "/home/.swiftdl/datasets/mnist"])
            XCTAssertTrue(hint.contains("place them in one of those folders"), hint)
            XCTAssertTrue(error.localizedDescription.contains("/usr/share/datasets/mnist")
                || "\(error)".contains("/usr/share/datasets/mnist"))
        }
    }

    func testFolderMissingOneFileIsSkipped() throws {
        let incomplete = try fixtures.writeMNISTLayout(in: "mnist", pixel: 1, gzip: true)
        try FileManager.default.removeItem(atPath: incomplete + "/t10k-labels-idx1-ubyte.gz")
        XCTAssertThrowsError(try MNIST.loadData(from: incomplete)) { error in
            guard case DLError.datasetNotFound = error else { return XCTFail("got \(error)") }
        }
    }

    func testImageAndLabelCountsMustAgree() throws {
        let folder = try fixtures.writeMNISTLayout(in: "mnist", pixel: 1, gzip: false)
        let labels = folder + "/train-labels-idx1-ubyte"
        try fixtures.writeRaw("mnist/train-labels-idx1-ubyte", IDXFixtures.idxBytes(shape: [2], data: [0, 1]))
        assertInvalidFile(labels, reasonContains: ["holds 2 labels", "holds 3 images"]) { _ = try MNIST.loadData(from: folder) }
    }

    func testLoadBytesReadsTheSameLayoutAsBytes() throws {
        let folder = try fixtures.writeMNISTLayout(in: "mnist", trainCount: 4, testCount: 2, pixel: 200, gzip: true)
        let data = try MNIST.loadBytes(from: folder)
        XCTAssertEqual(data.train.x, ByteTensor(shape: [4, 28, 28], bytes: [UInt8](repeating: 200, count: 4 * 784)))
        XCTAssertEqual(data.train.y, Tensor([0, 1, 2, 3]))
        XCTAssertEqual(data.test.x.shape, [2, 28, 28])
        XCTAssertEqual(data.test.y, Tensor([0, 1]))
        try fixtures.writeGzip("mnist/train-labels-idx1-ubyte.gz", IDXFixtures.idxBytes(shape: [3], data: [0, 1, 2]))
        let labels = folder + "/train-labels-idx1-ubyte.gz"
        assertInvalidFile(labels, reasonContains: ["holds 3 labels", "holds 4 images"]) { _ = try MNIST.loadBytes(from: folder) }
    }
}
