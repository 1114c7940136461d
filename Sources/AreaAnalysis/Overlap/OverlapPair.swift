/// The computation for one pair of polygons.
struct OverlapPair {
    /// The local origin: the lower-left corner of the envelopes' common part.
    let originX: Double
    let originY: Double
    /// The envelopes' common part, grown by the tolerance: only edges meeting it matter.
    let window: Envelope
    /// Test points nearer than this to the other boundary are not used.
    let tolerance: Double

    /// Twice the area of `a ∩ b`, or `nil` for a degenerate configuration.
    func doubledArea(_ a: EdgeView, _ b: EdgeView) -> Double? {
        let wordsA = Swift.max(1, (a.edgeCount + 63) >> 6)
        let wordsB = Swift.max(1, (b.edgeCount + 63) >> 6)
        let bitsA = UnsafeMutablePointer<UInt64>.allocate(capacity: wordsA)
        bitsA.initialize(repeating: 0, count: wordsA)
        defer { bitsA.deallocate() }
        let bitsB = UnsafeMutablePointer<UInt64>.allocate(capacity: wordsB)
        bitsB.initialize(repeating: 0, count: wordsB)
        defer { bitsB.deallocate() }
        let countA = a.markEdges(meeting: window, in: bitsA)
        let countB = b.markEdges(meeting: window, in: bitsB)
        if countA == 0 && countB == 0 { return 0 }

        var crossingsA: [EdgeCrossing] = []
        var crossingsB: [EdgeCrossing] = []
        // Query the grid of the polygon with more edges in the window.
        let ok =
            countA <= countB
            ? findCrossings(driver: a, bits: bitsA, words: wordsA, other: b, driverIsA: true, &crossingsA, &crossingsB)
            : findCrossings(driver: b, bits: bitsB, words: wordsB, other: a, driverIsA: false, &crossingsA, &crossingsB)
        guard ok else { return nil }
        crossingsA.sort { $0.edge != $1.edge ? $0.edge < $1.edge : $0.t < $1.t }
        crossingsB.sort { $0.edge != $1.edge ? $0.edge < $1.edge : $0.t < $1.t }

        var runs: [BoundaryRun] = []
        guard let partA = insideSum(of: a, bits: bitsA, words: wordsA, crossings: crossingsA, other: b, &runs),
            let partB = insideSum(of: b, bits: bitsB, words: wordsB, crossings: crossingsB, other: a, &runs)
        else { return nil }
        return partA + partB
    }

    /// Finds every proper crossing between the marked edges of `driver` and the edges of
    /// `other`; `false` when two edges touch or may touch.
    func findCrossings(
        driver: EdgeView, bits: UnsafeMutablePointer<UInt64>, words: Int, other: EdgeView, driverIsA: Bool,
        _ crossingsA: inout [EdgeCrossing], _ crossingsB: inout [EdgeCrossing]
    ) -> Bool {
        let tolerance = tolerance
        let grid = other.grid
        for word in 0..<words {
            var pending = bits[word]
            while pending != 0 {
                let d = word << 6 | pending.trailingZeroBitCount
                pending &= pending - 1
                let dx1 = driver.edges[4 * d]
                let dy1 = driver.edges[4 * d + 1]
                let dx2 = driver.edges[4 * d + 2]
                let dy2 = driver.edges[4 * d + 3]
                let boxMinX = Swift.min(dx1, dx2) - tolerance
                let boxMaxX = Swift.max(dx1, dx2) + tolerance
                let boxMinY = Swift.min(dy1, dy2) - tolerance
                let boxMaxY = Swift.max(dy1, dy2) + tolerance
                let c0 = grid.column(boxMinX)
                let c1 = grid.column(boxMaxX)
                let r0 = grid.row(boxMinY)
                let r1 = grid.row(boxMaxY)
                for r in r0...r1 {
                    for c in c0...c1 {
                        let cell = r * grid.columns + c
                        for k in Int(other.cellStarts[cell])..<Int(other.cellStarts[cell + 1]) {
                            let o = Int(other.cellEdges[k])
                            // Report each edge once: in the first cell of the query it covers.
                            if Swift.max(Int(other.edgeCells[4 * o]), c0) != c
                                || Swift.max(Int(other.edgeCells[4 * o + 1]), r0) != r
                            {
                                continue
                            }
                            let ox1 = other.edges[4 * o]
                            let oy1 = other.edges[4 * o + 1]
                            let ox2 = other.edges[4 * o + 2]
                            let oy2 = other.edges[4 * o + 3]
                            if Swift.min(ox1, ox2) > boxMaxX || Swift.max(ox1, ox2) < boxMinX
                                || Swift.min(oy1, oy2) > boxMaxY || Swift.max(oy1, oy2) < boxMinY
                            {
                                continue
                            }
                            // Always compute with A's edge first, so both lists get the same point.
                            let result =
                                driverIsA
                                ? crossing(dx1, dy1, dx2, dy2, ox1, oy1, ox2, oy2)
                                : crossing(ox1, oy1, ox2, oy2, dx1, dy1, dx2, dy2)
                            switch result {
                            case .none: continue
                            case .degenerate: return false
                            case .proper(let tA, let tB):
                                let (ax, ay, adx, ady) =
                                    driverIsA ? (dx1, dy1, dx2 - dx1, dy2 - dy1) : (ox1, oy1, ox2 - ox1, oy2 - oy1)
                                let x = (ax - originX) + tA * adx
                                let y = (ay - originY) + tA * ady
                                let edgeA = Int32(driverIsA ? d : o)
                                let edgeB = Int32(driverIsA ? o : d)
                                crossingsA.append(EdgeCrossing(edge: edgeA, t: tA, x: x, y: y))
                                crossingsB.append(EdgeCrossing(edge: edgeB, t: tB, x: x, y: y))
                            }
                        }
                    }
                }
            }
        }
        return true
    }

    enum Crossing {
        case none
        case degenerate
        case proper(Double, Double)
    }

    /// How segment A = (ax1, ay1)–(ax2, ay2) meets segment B: not at all, in one proper
    /// crossing (at `tA` along A and `tB` along B), or in a way floating point cannot settle
    /// (an endpoint on, or within rounding error of, the other segment's line).
    @inline(__always)
    func crossing(
        _ ax1: Double, _ ay1: Double, _ ax2: Double, _ ay2: Double,
        _ bx1: Double, _ by1: Double, _ bx2: Double, _ by2: Double
    ) -> Crossing {
        let adx = ax2 - ax1
        let ady = ay2 - ay1
        let bdx = bx2 - bx1
        let bdy = by2 - by1
        // Orientations of each endpoint against the other segment's line, with their
        // rounding bounds: the sign is certain only beyond the bound.
        let a1l = bdx * (ay1 - by1)
        let a1r = bdy * (ax1 - bx1)
        let a1 = a1l - a1r
        let a2l = bdx * (ay2 - by1)
        let a2r = bdy * (ax2 - bx1)
        let a2 = a2l - a2r
        let b1l = adx * (by1 - ay1)
        let b1r = ady * (bx1 - ax1)
        let b1 = b1l - b1r
        let b2l = adx * (by2 - ay1)
        let b2r = ady * (bx2 - ax1)
        let b2 = b2l - b2r
        if abs(a1) <= orientationErrorBound * (abs(a1l) + abs(a1r))
            || abs(a2) <= orientationErrorBound * (abs(a2l) + abs(a2r))
            || abs(b1) <= orientationErrorBound * (abs(b1l) + abs(b1r))
            || abs(b2) <= orientationErrorBound * (abs(b2l) + abs(b2r))
        {
            // The boxes meet (callers test that first), so this may be a touch.
            return .degenerate
        }
        guard (a1 > 0) != (a2 > 0), (b1 > 0) != (b2 > 0) else { return .none }
        let tA = Swift.min(Swift.max(a1 / (a1 - a2), 0), 1)
        let tB = Swift.min(Swift.max(b1 / (b1 - b2), 0), 1)
        return .proper(tA, tB)
    }

    /// Twice the area contributed by the parts of `polygon`'s boundary inside `other`:
    /// splits the marked edges at the crossings, groups the pieces into runs between
    /// crossings and gaps, and tests one point of each run against `other`.
    func insideSum(
        of polygon: EdgeView, bits: UnsafeMutablePointer<UInt64>, words: Int, crossings: [EdgeCrossing],
        other: EdgeView, _ runs: inout [BoundaryRun]
    ) -> Double? {
        var total = 0.0
        var next = 0
        var ring = -1
        var ringStart = 0
        var ringEnd = 0
        var first = -1
        var previous = -1
        var current = BoundaryRun(start: .open)
        return crossings.withUnsafeBufferPointer { crossings -> Double? in
            for word in 0..<words {
                var pending = bits[word]
                while pending != 0 {
                    let e = word << 6 | pending.trailingZeroBitCount
                    pending &= pending - 1
                    if e >= ringEnd {
                        if ring >= 0 {
                            guard let sum = finishRing(&runs, &current, ringStart, ringEnd, first, previous, other)
                            else { return nil }
                            total += sum
                        }
                        repeat { ring += 1 } while Int(polygon.ringStarts[ring + 1]) <= e
                        ringStart = Int(polygon.ringStarts[ring])
                        ringEnd = Int(polygon.ringStarts[ring + 1])
                        runs.removeAll(keepingCapacity: true)
                        current = BoundaryRun(start: e == ringStart ? .open : .gap)
                        first = e
                    } else if e != previous + 1 {
                        current.end = .gap
                        runs.append(current)
                        current = BoundaryRun(start: .gap)
                    }
                    // Every crossing lies on a marked edge.
                    if next < crossings.count, Int(crossings[next].edge) < e { return nil }
                    var x = polygon.edges[4 * e] - originX
                    var y = polygon.edges[4 * e + 1] - originY
                    while next < crossings.count, Int(crossings[next].edge) == e {
                        let cx = crossings[next].x
                        let cy = crossings[next].y
                        current.add(x, y, cx, cy)
                        current.end = .crossing
                        runs.append(current)
                        current = BoundaryRun(start: .crossing)
                        x = cx
                        y = cy
                        next += 1
                    }
                    current.add(x, y, polygon.edges[4 * e + 2] - originX, polygon.edges[4 * e + 3] - originY)
                    previous = e
                }
            }
            guard next == crossings.count else { return nil }
            if ring >= 0 {
                guard let sum = finishRing(&runs, &current, ringStart, ringEnd, first, previous, other) else {
                    return nil
                }
                total += sum
            }
            return total
        }
    }

    /// Closes the runs of one ring, classifies them and returns the inside runs' sum, or
    /// `nil` when the runs cannot all be classified or do not alternate between inside and
    /// outside at the crossings.
    ///
    /// A run next to a gap is outside (the gap's edges lie outside the other polygon's
    /// envelope). The status flips at every crossing, so one known run settles the ring;
    /// when no run touches a gap, one run is tested with a point, which must not lie
    /// within the tolerance of the other boundary. Runs known both ways must agree.
    func finishRing(
        _ runs: inout [BoundaryRun], _ current: inout BoundaryRun, _ ringStart: Int, _ ringEnd: Int, _ first: Int,
        _ last: Int, _ other: EdgeView
    ) -> Double? {
        if first == ringStart && last == ringEnd - 1 {
            // The ring closes through its first edge: the last run continues into the first.
            if runs.isEmpty {
                runs.append(current)
            } else {
                runs[0].absorb(current)
                runs[0].start = current.start
            }
        } else {
            current.end = .gap
            runs.append(current)
            runs[0].start = .gap
        }
        let count = runs.count
        var unknown = 0
        for i in 0..<count {
            let nextToGap = runs[i].start == .gap || runs[i].end == .gap
            runs[i].status = nextToGap ? 0 : -1
            if !nextToGap { unknown += 1 }
        }
        // Settle the runs from one known run. Without a gap, test a point: the midpoint of
        // the longest piece, the safest; if it is too close to the other boundary (a
        // sliver thinner than rounding), the next longest.
        var known = -1
        for i in 0..<count where runs[i].status >= 0 {
            known = i
            break
        }
        while known < 0 {
            var best = -1
            for i in 0..<count where runs[i].status == -1 && (best < 0 || runs[i].longest > runs[best].longest) {
                best = i
            }
            guard best >= 0 else { return nil }
            let place = other.locate(
                x: runs[best].pointX + originX, y: runs[best].pointY + originY, tolerance: tolerance)
            if place >= 0 {
                runs[best].status = place
                unknown -= 1
                known = best
            } else {
                runs[best].status = -2
            }
        }
        // Walk once round the ring: across a crossing the status flips; across a gap both
        // sides are outside already.
        for step in 0..<count {
            let i = (known + step) % count
            let j = (i + 1) % count
            guard runs[i].end == .crossing, runs[i].status >= 0 else { continue }
            let flipped = 1 - runs[i].status
            if runs[j].status < 0 {
                runs[j].status = flipped
                unknown -= 1
            } else if runs[j].status != flipped {
                return nil
            }
        }
        guard unknown == 0 else { return nil }
        var sum = 0.0
        for i in 0..<count where runs[i].status == 1 { sum += runs[i].sum }
        return sum
    }
}
