internal import AreaAnalysis
internal import Foundation

/// SVG pieces of the printed report: maps drawn from RD New metres and the charts.
enum ReportSVG {
    /// The Okabe-Ito palette (colour-blind safe), black replaced by grey so that outlines
    /// and labels stay readable on every class.
    static let palette = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]

    /// The colour of the profile at `index` in the set.
    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// Escapes text for XML content and attribute values.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A number in SVG coordinates: at most one decimal, no trailing zero.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// Maps RD New metres to SVG units: a scale and a y-flip, so the same point always lands
    /// on the same spot and shared borders stay shared.
    struct Projection {
        let minX: Double
        let maxY: Double
        let scale: Double
        let width: Double
        let height: Double

        /// Fits `box`, padded by `padding` of its size, into `width` units.
        init(box: Envelope, width: Double, padding: Double = 0.04) {
            let w = max(box.maxX - box.minX, 1)
            let h = max(box.maxY - box.minY, 1)
            let pad = max(w, h) * padding
            minX = box.minX - pad
            maxY = box.maxY + pad
            scale = width / (w + 2 * pad)
            self.width = width
            height = ((h + 2 * pad) * scale).rounded(.up)
        }

        func x(_ value: Double) -> Int { Int(((value - minX) * scale).rounded()) }
        func y(_ value: Double) -> Int { Int(((maxY - value) * scale).rounded()) }

        /// The path data of a shape, whole units, repeated points dropped.
        func path(_ shape: MapShape) -> String {
            var d = ""
            for polygon in shape.polygons {
                for ring in polygon {
                    var lastX = Int.min
                    var lastY = Int.min
                    var first = true
                    for i in stride(from: 0, to: ring.count - 1, by: 2) {
                        let px = x(ring[i])
                        let py = y(ring[i + 1])
                        if px == lastX && py == lastY { continue }
                        d += first ? "M\(px) \(py)" : "L\(px) \(py)"
                        first = false
                        lastX = px
                        lastY = py
                    }
                    if !first { d += "Z" }
                }
            }
            return d
        }
    }

    /// The shared definitions: the hatch for flagged postcodes and the country outline
    /// the locator maps use.
    static func definitions(country: MapShape, projection: Projection) -> String {
        """
        <svg class="defs" width="0" height="0" aria-hidden="true"><defs>\
        <pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">\
        <line x1="0" y1="0" x2="0" y2="8" stroke="#000" stroke-width="2.5"/></pattern>\
        <path id="nl-outline" d="\(projection.path(country))" fill="#e4e4e4" stroke="#888" stroke-width="2" fill-rule="evenodd"/>\
        </defs></svg>
        """
    }

    /// A map of `shapes` coloured by dominant profile, with the zone outlines on top, a
    /// scale bar, a north arrow and the source credit.
    static func map(
        postcodes: [MapPostcode], zones: [(shape: MapShape, dominant: Int?)], box: Envelope, words: ReportWords,
        className: String
    ) -> String {
        let p = Projection(box: box, width: 1000)
        var out =
            "<svg class=\"\(className)\" viewBox=\"0 0 \(n(p.width)) \(n(p.height + 40))\" role=\"img\">"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        for postcode in postcodes {
            let fill = postcode.dominant.map(colour) ?? "#ffffff"
            out +=
                "<path class=\"pc\" data-postcode=\"\(xml(postcode.shape.id))\" d=\"\(p.path(postcode.shape))\" fill=\"\(fill)\" stroke=\"#555\" stroke-width=\"1\" fill-rule=\"evenodd\"><title>\(xml(postcode.shape.id))</title></path>"
        }
        for postcode in postcodes where postcode.flagged {
            out +=
                "<path class=\"hatch\" d=\"\(p.path(postcode.shape))\" fill=\"url(#hatch)\" fill-opacity=\"0.35\" stroke=\"none\" fill-rule=\"evenodd\"/>"
        }
        for zone in zones {
            let fill = postcodes.isEmpty ? (zone.dominant.map(colour) ?? "#ffffff") : "none"
            out +=
                "<path class=\"zone\" data-zone=\"\(xml(zone.shape.id))\" d=\"\(p.path(zone.shape))\" fill=\"\(fill)\" stroke=\"#000\" stroke-width=\"\(postcodes.isEmpty ? 1 : 4)\" fill-rule=\"evenodd\"><title>\(xml(zone.shape.id))</title></path>"
        }
        // Scale bar: a round length of about a fifth of the map's width.
        let metres = (p.width / p.scale) / 5
        let magnitude = pow(10, floor(log10(metres)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= metres } ?? magnitude
        let barWidth = step * p.scale
        let y0 = p.height + 10
        out +=
            "<g class=\"scale\"><rect x=\"20\" y=\"\(n(y0))\" width=\"\(n(barWidth / 2))\" height=\"8\" fill=\"#000\"/><rect x=\"\(n(20 + barWidth / 2))\" y=\"\(n(y0))\" width=\"\(n(barWidth / 2))\" height=\"8\" fill=\"#fff\" stroke=\"#000\"/>"
        out +=
            "<text x=\"\(n(28 + barWidth))\" y=\"\(n(y0 + 9))\" font-size=\"20\">\(xml(step >= 1000 ? "\(NumberText.grouped(step / 1000, language: words.language)) km" : "\(NumberText.grouped(step, language: words.language)) m"))</text></g>"
        out +=
            "<g class=\"north\" transform=\"translate(\(n(p.width - 40)) 20)\"><path d=\"M0 0 L14 40 L0 32 L-14 40 Z\" fill=\"#000\"/><text x=\"0\" y=\"62\" font-size=\"22\" text-anchor=\"middle\">N</text></g>"
        out +=
            "<text x=\"\(n(p.width - 10))\" y=\"\(n(p.height + 30))\" font-size=\"18\" text-anchor=\"end\">\(xml(words.credit))</text>"
        return out + "</svg>"
    }

    /// Upper bounds of the share classes of the small multiples; the last class is open.
    static let shareBounds = [0.1, 0.2, 0.3, 0.4]
    /// Fill opacity of each share class: a lightness ramp of one profile's colour.
    static let shareOpacity = [0.06, 0.3, 0.52, 0.76, 1.0]

    /// The class of a share.
    static func shareClass(_ share: Double) -> Int { shareBounds.firstIndex { share < $0 } ?? shareBounds.count }

    /// One profile's share of adults per postcode, in that profile's colour from light (low)
    /// to full (high), with the zone's outline.
    static func smallMultiple(postcodes: [MapPostcode], zone: MapShape, box: Envelope, profile: Int, name: String)
        -> String
    {
        let p = Projection(box: box, width: 300)
        var out =
            "<svg class=\"small\" viewBox=\"0 0 \(n(p.width)) \(n(p.height))\" role=\"img\"><title>\(xml(name))</title>"
        for postcode in postcodes {
            let share = profile < postcode.shares.count ? postcode.shares[profile] : 0
            out +=
                "<path class=\"pcs\" d=\"\(p.path(postcode.shape))\" fill=\"\(colour(profile))\" fill-opacity=\"\(shareOpacity[shareClass(share)])\" stroke=\"#555\" stroke-width=\"0.6\" fill-rule=\"evenodd\"/>"
        }
        out +=
            "<path d=\"\(p.path(zone))\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" fill-rule=\"evenodd\"/>"
        return out + "</svg>"
    }

    /// The country outline with the zones' boxes marked.
    static func locator(boxes: [Envelope], projection p: Projection) -> String {
        var out =
            "<svg class=\"locator\" viewBox=\"0 0 \(n(p.width)) \(n(p.height))\" role=\"img\"><use href=\"#nl-outline\"/>"
        for box in boxes {
            let x0 = p.x(box.minX)
            let y0 = p.y(box.maxY)
            let w = max(p.x(box.maxX) - x0, 10)
            let h = max(p.y(box.minY) - y0, 10)
            out +=
                "<rect x=\"\(x0 - 3)\" y=\"\(y0 - 3)\" width=\"\(w + 6)\" height=\"\(h + 6)\" fill=\"#D55E00\" fill-opacity=\"0.5\" stroke=\"#000\" stroke-width=\"3\"/>"
        }
        return out + "</svg>"
    }

    /// One row of a horizontal bar chart.
    struct Bar {
        var label: String
        var colour: String
        var value: Double
        var text: String
        /// Reference values drawn as marks: (value, label) pairs.
        var marks: [(value: Double, style: Int)]
    }

    /// Horizontal bars from zero with reference marks (the base shares), a legend for the marks.
    static func bars(_ rows: [Bar], maximum: Double, markNames: [String], caption: String) -> String {
        let rowHeight = 30.0
        let labelWidth = 300.0
        let plotWidth = 520.0
        let height = Double(rows.count) * rowHeight + 50
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 960 \(n(height))\" role=\"img\"><title>\(xml(caption))</title>"
        let scale = maximum > 0 ? plotWidth / maximum : 0
        for (i, row) in rows.enumerated() {
            let y = Double(i) * rowHeight + 5
            out +=
                "<text x=\"\(n(labelWidth - 8))\" y=\"\(n(y + 19))\" font-size=\"16\" text-anchor=\"end\">\(xml(row.label))</text>"
            out +=
                "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 4))\" width=\"\(n(max(row.value * scale, 0)))\" height=\"20\" fill=\"\(row.colour)\" stroke=\"#333\" stroke-width=\"0.8\"/>"
            for mark in row.marks {
                let x = labelWidth + mark.value * scale
                out +=
                    mark.style == 0
                    ? "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x))\" y2=\"\(n(y + 28))\" stroke=\"#000\" stroke-width=\"3\"/>"
                    : "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x))\" y2=\"\(n(y + 28))\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
            }
            out +=
                "<text x=\"\(n(labelWidth + plotWidth + 12))\" y=\"\(n(y + 19))\" font-size=\"16\">\(xml(row.text))</text>"
        }
        let legendY = Double(rows.count) * rowHeight + 30
        for (i, name) in markNames.enumerated() {
            let x = labelWidth + Double(i) * 260
            out +=
                i == 0
                ? "<line x1=\"\(n(x))\" y1=\"\(n(legendY - 12))\" x2=\"\(n(x))\" y2=\"\(n(legendY + 4))\" stroke=\"#000\" stroke-width=\"3\"/>"
                : "<line x1=\"\(n(x))\" y1=\"\(n(legendY - 12))\" x2=\"\(n(x))\" y2=\"\(n(legendY + 4))\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
            out += "<text x=\"\(n(x + 8))\" y=\"\(n(legendY))\" font-size=\"15\">\(xml(name))</text>"
        }
        return out + "</svg>"
    }

    /// Bars from the 100 line: above-average profiles to the right, below to the left.
    static func index(_ rows: [(label: String, colour: String, index: Double?)], caption: String, hundred: String)
        -> String
    {
        let rowHeight = 30.0
        let labelWidth = 300.0
        let plotWidth = 560.0
        let top = max(200, (rows.compactMap(\.index).max() ?? 100).rounded(.up))
        let scale = plotWidth / top
        let height = Double(rows.count) * rowHeight + 40
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 960 \(n(height))\" role=\"img\"><title>\(xml(caption))</title>"
        let x100 = labelWidth + 100 * scale
        for (i, row) in rows.enumerated() {
            let y = Double(i) * rowHeight + 5
            out +=
                "<text x=\"\(n(labelWidth - 8))\" y=\"\(n(y + 19))\" font-size=\"16\" text-anchor=\"end\">\(xml(row.label))</text>"
            guard let value = row.index else {
                out += "<text x=\"\(n(x100 + 6))\" y=\"\(n(y + 19))\" font-size=\"16\">–</text>"
                continue
            }
            let x = labelWidth + value * scale
            out +=
                "<rect x=\"\(n(min(x, x100)))\" y=\"\(n(y + 4))\" width=\"\(n(abs(x - x100)))\" height=\"20\" fill=\"\(row.colour)\" stroke=\"#333\" stroke-width=\"0.8\"/>"
            out +=
                "<text x=\"\(n(max(x, x100) + 6))\" y=\"\(n(y + 19))\" font-size=\"16\">\(NumberText.index(value))</text>"
        }
        let bottom = Double(rows.count) * rowHeight + 8
        out +=
            "<line x1=\"\(n(x100))\" y1=\"0\" x2=\"\(n(x100))\" y2=\"\(n(bottom))\" stroke=\"#000\" stroke-width=\"2\"/>"
        out +=
            "<text x=\"\(n(x100))\" y=\"\(n(bottom + 22))\" font-size=\"15\" text-anchor=\"middle\">\(xml(hundred))</text>"
        return out + "</svg>"
    }

    /// Share of adults (x) against index (y), one dot per profile, 100 marked.
    static func gamePlan(
        _ points: [(label: String, colour: String, share: Double, index: Double?)], caption: String, xLabel: String,
        yLabel: String, language: ReportLanguage
    ) -> String {
        let left = 80.0
        let width = 600.0
        let height = 360.0
        let maxShare = max(0.05, (points.map(\.share).max() ?? 0) * 1.15)
        let maxIndex = max(200, (points.compactMap(\.index).max() ?? 0) * 1.1)
        func px(_ s: Double) -> Double { left + s / maxShare * width }
        func py(_ i: Double) -> Double { 20 + height - i / maxIndex * height }
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 960 440\" role=\"img\"><title>\(xml(caption))</title>"
        out +=
            "<rect x=\"\(n(left))\" y=\"20\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"none\" stroke=\"#888\"/>"
        out +=
            "<line x1=\"\(n(left))\" y1=\"\(n(py(100)))\" x2=\"\(n(left + width))\" y2=\"\(n(py(100)))\" stroke=\"#000\" stroke-width=\"2\"/>"
        out += "<text x=\"\(n(left - 6))\" y=\"\(n(py(100) + 5))\" font-size=\"15\" text-anchor=\"end\">100</text>"
        out += "<text x=\"\(n(left - 6))\" y=\"\(n(py(0) + 5))\" font-size=\"15\" text-anchor=\"end\">0</text>"
        out +=
            "<text x=\"\(n(left - 6))\" y=\"\(n(py(maxIndex) + 14))\" font-size=\"15\" text-anchor=\"end\">\(NumberText.index(maxIndex))</text>"
        out +=
            "<text x=\"\(n(left + width))\" y=\"\(n(py(0) + 22))\" font-size=\"15\" text-anchor=\"end\">\(NumberText.percent(maxShare, decimals: 0, language: language))</text>"
        out += "<text x=\"\(n(left))\" y=\"\(n(py(0) + 22))\" font-size=\"15\">0%</text>"
        out +=
            "<text x=\"\(n(left + width / 2))\" y=\"\(n(py(0) + 40))\" font-size=\"16\" text-anchor=\"middle\">\(xml(xLabel))</text>"
        out +=
            "<text x=\"20\" y=\"\(n(20 + height / 2))\" font-size=\"16\" text-anchor=\"middle\" transform=\"rotate(-90 20 \(n(20 + height / 2)))\">\(xml(yLabel))</text>"
        // Labels right of their dots, moved apart vertically so close dots stay readable.
        var labels: [(x: Double, y: Double, dotY: Double, text: String)] = []
        for point in points {
            guard let index = point.index else { continue }
            let x = px(point.share)
            let y = py(min(index, maxIndex))
            out +=
                "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"9\" fill=\"\(point.colour)\" stroke=\"#000\" stroke-width=\"1.5\"/>"
            labels.append((x + 13, y + 5, y, point.label))
        }
        labels.sort { $0.y != $1.y ? $0.y > $1.y : $0.text < $1.text }
        for i in labels.indices.dropFirst()
        where labels[i - 1].y - labels[i].y < 17 && abs(labels[i - 1].x - labels[i].x) < 250 {
            labels[i].y = labels[i - 1].y - 17
        }
        for label in labels {
            if abs(label.y - 5 - label.dotY) > 8 {
                out +=
                    "<line x1=\"\(n(label.x - 4))\" y1=\"\(n(label.dotY))\" x2=\"\(n(label.x))\" y2=\"\(n(label.y - 5))\" stroke=\"#666\" stroke-width=\"1\"/>"
            }
            out += "<text x=\"\(n(label.x))\" y=\"\(n(label.y))\" font-size=\"14\">\(xml(label.text))</text>"
        }
        return out + "</svg>"
    }
}
