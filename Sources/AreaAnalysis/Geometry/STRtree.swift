internal import CGEOS
public import ProfileModel

/// A GEOS sort-tile-recursive R-tree (`GEOSSTRtree*`) over integer item numbers.
///
/// Insert each item's geometry (only its envelope is kept) with its number, then query
/// by envelope. GEOS builds the tree on the first query; it is not thread-safe.
public final class STRtree {
    let handle: OpaquePointer
    let context: GEOSContext
    private var envelopes: [Geometry] = []
    /// GEOS builds the tree on the first query; after that it takes no more items.
    private var built = false

    /// Creates an empty tree with `nodeCapacity` children a node
    /// (wraps `GEOSSTRtree_create_r`).
    public init(context: GEOSContext, nodeCapacity: Int = 10) throws(AreaAnalysisError) {
        // returns NULL on exception
        guard let handle = GEOSSTRtree_create_r(context.handle, nodeCapacity) else {
            throw context.error("create an STRtree")
        }
        self.handle = handle
        self.context = context
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, handle)
    }

    /// Inserts item `item` with the envelope of `envelope` (wraps `GEOSSTRtree_insert_r`);
    /// throws once the tree has been queried.
    public func insert(_ item: Int, envelope: Envelope) throws(AreaAnalysisError) {
        precondition(item >= 0)
        guard !built else {
            throw AreaAnalysisError(.usage, "an STRtree takes no more items once it has been queried")
        }
        let rectangle = try Geometry(rectangle: envelope, context: context)
        // GEOS keeps only the envelope; the item is an opaque pointer: we store item + 1
        GEOSSTRtree_insert_r(context.handle, handle, rectangle.handle, UnsafeMutableRawPointer(bitPattern: item + 1))
        envelopes.append(rectangle)
    }

    /// The items whose envelope intersects `envelope`, in ascending order
    /// (wraps `GEOSSTRtree_query_r`).
    public func query(_ envelope: Envelope) throws(AreaAnalysisError) -> [Int] {
        final class Collector { var items: [Int] = [] }
        let collector = Collector()
        built = true
        let rectangle = try Geometry(rectangle: envelope, context: context)
        GEOSSTRtree_query_r(
            context.handle, handle, rectangle.handle,
            { item, userdata in
                guard let userdata else { return }
                Unmanaged<Collector>.fromOpaque(userdata).takeUnretainedValue().items.append(Int(bitPattern: item) - 1)
            },
            Unmanaged.passUnretained(collector).toOpaque())
        return collector.items.sorted()
    }
}

@available(*, unavailable)
extension STRtree: Sendable {}
