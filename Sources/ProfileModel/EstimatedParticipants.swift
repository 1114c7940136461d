/// The participants of a process, grouped by postcode and age band, with each group's
/// estimated profile shares: what the monitor compares with a zone's adult mix.
///
/// The shares are **ecological**: they are the estimated mix of the adults of the group's
/// postcode (and age band), not the profiles of the people who took part, which are unknown.
public struct EstimatedParticipants: Sendable, Hashable {
    /// Participants of one postcode (and age band) inside the zone.
    public struct Group: Sendable, Hashable {
        /// The postcode.
        public var postcode: String
        /// The age band, when the file gives one.
        public var ageBand: PersonAttribute?
        /// How many took part.
        public var count: Int
        /// The estimated profile shares of the postcode's adults (in the band), in the set's
        /// order; they sum to 1.
        public var shares: [Double]

        /// Creates a group.
        public init(postcode: String, ageBand: PersonAttribute?, count: Int, shares: [Double]) {
            self.postcode = postcode
            self.ageBand = ageBand
            self.count = count
            self.shares = shares
        }
    }

    /// Participants of one postcode outside the zone.
    public struct Outside: Sendable, Hashable {
        /// The postcode.
        public var postcode: String
        /// How many took part.
        public var count: Int

        /// Creates a count.
        public init(postcode: String, count: Int) {
            self.postcode = postcode
            self.count = count
        }
    }

    /// The name of the participants file, for reports.
    public var source: String
    /// The dataset the shares were estimated from.
    public var dataset: DatasetStamp
    /// The profile ids of the set, in order.
    public var profiles: [String]
    /// The groups inside the zone, sorted by postcode and age band.
    public var groups: [Group]
    /// The postcodes outside the zone, sorted.
    public var outside: [Outside]

    /// Creates participants.
    public init(source: String, dataset: DatasetStamp, profiles: [String], groups: [Group], outside: [Outside]) {
        self.source = source
        self.dataset = dataset
        self.profiles = profiles
        self.groups = groups
        self.outside = outside
    }

    /// Participants inside the zone.
    public var inside: Int { groups.reduce(0) { $0 + $1.count } }
    /// Participants outside the zone.
    public var outsideCount: Int { outside.reduce(0) { $0 + $1.count } }
}
