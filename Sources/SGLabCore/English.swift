/// "a" or "an" before a noun as it is read aloud: an EC2 instance, an RDS DB instance, an
/// ElastiCache cluster, an internet gateway, but a NAT gateway, a VPC, a Lambda function.
public func withArticle(_ noun: String) -> String {
    let first = noun.first.map { String($0).lowercased() } ?? ""
    // Initialisms spelled letter by letter whose first letter sounds like a vowel.
    let voweledInitialisms = ["RDS", "ENI", "EIP", "MSK", "SNS", "SQS", "FSx"]
    let vowel = "aeiou".contains(first) || voweledInitialisms.contains { noun.hasPrefix($0) }
    return (vowel ? "an " : "a ") + noun
}
