import DL
import XCTest

/// The layered layout on small graphs: ranks, dummy points for long edges, aligned chains.
final class LayeredLayoutTests: XCTestCase {
    func testIsotonicRegressionPoolsViolators() {
        XCTAssertEqual(LayeredLayout.isotonic([1, 3, 2, 4]), [1, 2.5, 2.5, 4])
        XCTAssertEqual(LayeredLayout.isotonic([3, 2, 1]), [2, 2, 2])
        XCTAssertEqual(LayeredLayout.isotonic([]), [])
    }

    /// 0 → 1 → 2 and 0 → 2: ranks 0, 1, 2; the long edge bends through one dummy point on rank 1,
    /// beside node 1 (at least half its width plus the gap away), and the boxes are 44 px apart.
    func testLongEdgeGoesBesideTheRankItCrosses() {
        let layout = LayeredLayout(widths: [100, 100, 100], boxHeight: 40, edges: [(0, 1), (1, 2), (0, 2)])
        XCTAssertEqual(layout.ranks, [0, 1, 2])
        XCTAssertEqual(layout.boxes.map(\.y), [16, 100, 184])
        XCTAssertEqual(layout.routes.map(\.count), [2, 2, 4])
        let bend = layout.routes[2][1]
        XCTAssertEqual(bend.y, 100)
        XCTAssertEqual(layout.routes[2][2].x, bend.x)
        XCTAssertEqual(layout.routes[2][2].y, 140)
        XCTAssertGreaterThanOrEqual(abs(bend.x - layout.boxes[1].x), 79.0 - 1e-9, "half the box (50), the gap (28), half the dummy (1)")
        XCTAssertEqual(layout.height, 240.0, "16 + 3 × 40 + 2 × 44 + 16")
    }

    /// A chain stays in one column, each edge straight down from the middle of one box to the next.
    func testChainIsOneColumn() {
        let layout = LayeredLayout(widths: [80, 140, 60], boxHeight: 30, edges: [(0, 1), (1, 2)])
        XCTAssertEqual(Set(layout.boxes.map(\.x)).count, 1)
        XCTAssertEqual(layout.boxes[0].x, 86.0, "the widest box starts at the margin: 16 + 140 / 2")
        XCTAssertEqual(layout.routes[0].map(\.x), [86, 86])
        XCTAssertEqual(layout.width, 172.0)
    }

    func testLongestPathRanks() {
        XCTAssertEqual(LayeredLayout.longestPathRanks(count: 4, edges: [(0, 3), (0, 1), (1, 2), (2, 3)]), [0, 1, 2, 3])
        XCTAssertEqual(LayeredLayout.longestPathRanks(count: 3, edges: [(0, 2), (1, 2)]), [0, 0, 1])
    }
}
