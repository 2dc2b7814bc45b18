/// A layered ("Sugiyama") drawing of a directed acyclic graph, top to bottom, as Graphviz's `dot`
/// draws Keras's `plot_model`:
/// 1. each node's rank is its longest path from a source, so every edge points down;
/// 2. an edge that spans several ranks gets a dummy point on each rank between, so that it
///    runs beside the boxes of those ranks, never through them (a ResNet's skip connection);
/// 3. the order within each rank is improved by barycentre sweeps (fewer crossings);
/// 4. x positions: each node as near the mean of its neighbours as the order and the gaps allow
///    (isotonic regression by pool-adjacent-violators), sweeping down and up.
/// Boxes all have the same height, so edges between ranks stay in the gaps.
package struct LayeredLayout {
    /// A node's box: centre x, top y and size.
    package struct Box { package let x: Double, y: Double, width: Double, height: Double }

    package let boxes: [Box]
    /// Each edge's points, from the bottom of its source box to the top of its target box.
    package let routes: [[(x: Double, y: Double)]]
    package let width: Double, height: Double
    /// Each node's rank (0 at the top).
    package let ranks: [Int]

    /// Lays out nodes of `widths` (all `boxHeight` tall) joined by `edges` (source, target),
    /// keeping the given node order where nothing improves on it.
    package init(widths: [Double], boxHeight: Double, edges: [(Int, Int)], gap: Double = 28,
                 rankGap: Double = 44, margin: Double = 16) {
        let count = widths.count
        let ranks = Self.longestPathRanks(count: count, edges: edges)
        self.ranks = ranks
        // Items: the nodes, then one dummy per rank crossed by a long edge.
        var itemRank = ranks, itemWidth = widths
        var chains: [[Int]] = []   // per edge: its items from source to target
        var up = [[Int]](repeating: [], count: count), down = [[Int]](repeating: [], count: count)
        func link(_ a: Int, _ b: Int) { down[a].append(b); up[b].append(a) }
        for (source, target) in edges {
            var chain = [source]
            for rank in stride(from: ranks[source] + 1, to: ranks[target], by: 1) {
                itemRank.append(rank)
                itemWidth.append(2)
                up.append([])
                down.append([])
                link(chain[chain.count - 1], itemRank.count - 1)
                chain.append(itemRank.count - 1)
            }
            link(chain[chain.count - 1], target)
            chain.append(target)
            chains.append(chain)
        }
        let rankCount = (ranks.max() ?? -1) + 1
        var rows = [[Int]](repeating: [], count: rankCount)
        for (item, rank) in itemRank.enumerated() { rows[rank].append(item) }
        Self.orderByBarycentres(&rows, up: up, down: down, sweeps: 8)
        let x = Self.coordinates(rows: rows, widths: itemWidth, up: up, down: down, gap: gap)
        let shift = margin - (itemRank.indices.map { x[$0] - itemWidth[$0] / 2 }.min() ?? margin)
        let top = { (rank: Int) in margin + Double(rank) * (boxHeight + rankGap) }
        boxes = (0..<count).map { Box(x: x[$0] + shift, y: top(ranks[$0]), width: widths[$0], height: boxHeight) }
        width = (itemRank.indices.map { x[$0] + itemWidth[$0] / 2 }.max() ?? 0) + shift + margin
        height = Double(rankCount) * (boxHeight + rankGap) - rankGap + 2 * margin
        // Ports: a node's edges leave (and arrive) spread along its box, ordered by where they go.
        var outPort = [Double](repeating: 0, count: edges.count), inPort = [Double](repeating: 0, count: edges.count)
        for node in 0..<count {
            let boxWidth = widths[node]
            let spread = { (edgeIndices: [Int], key: (Int) -> Double, into: inout [Double]) in
                let sorted = edgeIndices.sorted { key($0) < key($1) }
                let step = min(18, boxWidth * 0.6 / Double(max(sorted.count, 1)))
                for (k, edge) in sorted.enumerated() { into[edge] = (Double(k) - Double(sorted.count - 1) / 2) * step }
            }
            spread(edges.indices.filter { edges[$0].0 == node }, { x[chains[$0][1]] }, &outPort)
            spread(edges.indices.filter { edges[$0].1 == node }, { x[chains[$0][chains[$0].count - 2]] }, &inPort)
        }
        routes = chains.enumerated().map { edge, chain in
            var points: [(x: Double, y: Double)] = [(x[chain[0]] + shift + outPort[edge], top(itemRank[chain[0]]) + boxHeight)]
            for dummy in chain.dropFirst().dropLast() {
                points.append((x[dummy] + shift, top(itemRank[dummy])))
                points.append((x[dummy] + shift, top(itemRank[dummy]) + boxHeight))
            }
            let target = chain[chain.count - 1]
            points.append((x[target] + shift + inPort[edge], top(itemRank[target])))
            return points
        }
    }

    /// Longest path from a source (Kahn's order); nodes on a cycle (none in a model) keep rank 0.
    package static func longestPathRanks(count: Int, edges: [(Int, Int)]) -> [Int] {
        var rank = [Int](repeating: 0, count: count), incoming = [Int](repeating: 0, count: count)
        var next = [[Int]](repeating: [], count: count)
        for (source, target) in edges {
            next[source].append(target)
            incoming[target] += 1
        }
        var ready = (0..<count).filter { incoming[$0] == 0 }
        while let node = ready.popLast() {
            for target in next[node] {
                rank[target] = max(rank[target], rank[node] + 1)
                incoming[target] -= 1
                if incoming[target] == 0 { ready.append(target) }
            }
        }
        return rank
    }

    /// Reorders each rank by the mean position of its neighbours in the rank above (down
    /// sweeps) or below (up sweeps); items without such neighbours keep their place.
    static func orderByBarycentres(_ rows: inout [[Int]], up: [[Int]], down: [[Int]], sweeps: Int) {
        var position = [Int: Double]()
        for row in rows { for (index, item) in row.enumerated() { position[item] = Double(index) } }
        for sweep in 0..<sweeps {
            let downward = sweep % 2 == 0
            for rank in (downward ? Array(rows.indices.dropFirst()) : Array(rows.indices.dropLast().reversed())) {
                let keyed = rows[rank].enumerated().map { index, item -> (Double, Int, Int) in
                    let neighbours = downward ? up[item] : down[item]
                    let mean = neighbours.isEmpty ? Double(index)
                        : neighbours.map { position[$0] ?? 0 }.reduce(0, +) / Double(neighbours.count)
                    return (mean, index, item)
                }
                rows[rank] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                for (index, item) in rows[rank].enumerated() { position[item] = Double(index) }
            }
        }
    }

    /// Centre x of every item: packed rows first, then sweeps placing each item nearest the mean
    /// of its neighbours' centres while keeping the order and the gaps.
    static func coordinates(rows: [[Int]], widths: [Double], up: [[Int]], down: [[Int]], gap: Double) -> [Double] {
        var x = [Double](repeating: 0, count: widths.count)
        for row in rows {
            var right = 0.0
            for item in row { x[item] = right + widths[item] / 2; right += widths[item] + gap }
        }
        for sweep in 0..<12 {
            let downward = sweep % 2 == 0
            for rank in (downward ? Array(rows.indices) : Array(rows.indices.reversed())) {
                let row = rows[rank]
                let wanted = row.map { item -> Double in
                    let neighbours = (downward ? up[item] : down[item]) + (sweep >= 10 ? (downward ? down[item] : up[item]) : [])
                    return neighbours.isEmpty ? x[item] : neighbours.map { x[$0] }.reduce(0, +) / Double(neighbours.count)
                }
                // Minimum offsets between consecutive centres; subtracting their running sum turns
                // "keep the gaps" into "non-decreasing", solved by pool-adjacent-violators.
                var offset = [0.0]
                for k in row.indices.dropFirst() { offset.append(offset[k - 1] + (widths[row[k - 1]] + widths[row[k]]) / 2 + gap) }
                let fitted = isotonic(zip(wanted, offset).map { $0 - $1 })
                for (k, item) in row.enumerated() { x[item] = fitted[k] + offset[k] }
            }
        }
        return x
    }

    /// The non-decreasing sequence nearest `values` in least squares (pool-adjacent-violators).
    package static func isotonic(_ values: [Double]) -> [Double] {
        var blocks: [(mean: Double, count: Int)] = []
        for value in values {
            blocks.append((value, 1))
            while blocks.count > 1 && blocks[blocks.count - 2].mean > blocks[blocks.count - 1].mean {
                let last = blocks.removeLast(), previous = blocks.removeLast()
                let count = last.count + previous.count
                blocks.append(((last.mean * Double(last.count) + previous.mean * Double(previous.count)) / Double(count), count))
            }
        }
        return blocks.flatMap { [Double](repeating: $0.mean, count: $0.count) }
    }
}
