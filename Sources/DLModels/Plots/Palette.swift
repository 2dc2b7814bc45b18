import Foundation

/// Matplotlib's `tab10` palette: ten distinct colours for lines and classes.
package enum Palette {
    package static let tab10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// Colour `index` of `tab10`, cycling after ten as matplotlib does.
    package static func color(_ index: Int) -> String { tab10[((index % 10) + 10) % 10] }

    /// Matplotlib's `Blues` colour map at `t` in [0, 1] (white to dark blue), as `#rrggbb`.
    package static func blues(_ t: Double) -> String {
        // Blues' anchors (ColorBrewer), evenly spaced.
        let anchors: [(Double, Double, Double)] = [(247, 251, 255), (222, 235, 247), (198, 219, 239), (158, 202, 225),
                                                   (107, 174, 214), (66, 146, 198), (33, 113, 181), (8, 81, 156), (8, 48, 107)]
        let position = min(max(t.isFinite ? t : 0, 0), 1) * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        let fraction = position - Double(index)
        let a = anchors[index], b = anchors[index + 1]
        func channel(_ u: Double, _ v: Double) -> Int { Int((u + (v - u) * fraction).rounded()) }
        return String(format: "#%02x%02x%02x", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }
}
