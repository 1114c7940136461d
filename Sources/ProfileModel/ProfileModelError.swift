/// The error the profile model throws: the one error type of the geoprofile libraries.
public typealias ProfileModelError = GeoprofileError
