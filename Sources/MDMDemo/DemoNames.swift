import Foundation
import MDMCore

/// Word lists for realistic demo data.
enum DemoNames {
    static let domain = "contoso.com"
    static let firstNames = [
        "Adele", "Alex", "Amara", "Ana", "Ben", "Camille", "Chen", "Chloé", "Daniel", "Diego", "Elena", "Emma",
        "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines", "Isaac", "Jade", "James", "Jonas", "Julia", "Karim",
        "Kenji", "Lea", "Leo", "Lina", "Lucas", "Maya", "Mehdi", "Mia", "Nadia", "Noah", "Nora", "Olivia",
        "Omar", "Paul", "Priya", "Rafael", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Theo", "Uma", "Victor",
        "Wei", "Yara", "Youssef", "Zoé",
    ]
    static let lastNames = [
        "Adams", "Bernard", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
        "Kowalski", "Laurent", "Martin", "Nguyen", "Okafor", "Petit", "Quinn", "Rossi", "Schmidt", "Tanaka",
        "Ullah", "Vasquez", "Weber", "Xu", "Yilmaz", "Zhang", "Moreau", "Lefebvre", "Silva", "Novak",
        "Kim", "Patel", "Dupont", "Becker", "Romero", "Hansen",
    ]
    static let androidModels: [(manufacturer: String, model: String)] = [
        ("Samsung", "Galaxy S23"), ("Samsung", "Galaxy A54"), ("Samsung", "Galaxy XCover6 Pro"),
        ("Google", "Pixel 7"), ("Google", "Pixel 8a"), ("Motorola", "moto g54"), ("Zebra", "TC52"),
        ("Zebra", "TC21"), ("Nokia", "G42"), ("Xiaomi", "Redmi Note 12"),
    ]
    static let iPhoneModels = ["iPhone 12", "iPhone 13", "iPhone 14", "iPhone 15", "iPhone 15 Pro", "iPhone SE (3rd generation)"]
    static let iPadModels = ["iPad (9th generation)", "iPad Air (5th generation)", "iPad Pro 11-inch (4th generation)"]
    static let macModels = ["MacBook Air (M2, 2022)", "MacBook Pro (14-inch, 2023)", "Mac mini (M2, 2023)"]
    static let windowsModels: [(manufacturer: String, model: String)] = [
        ("Dell Inc.", "Latitude 5440"), ("LENOVO", "ThinkPad T14 Gen 4"), ("HP", "EliteBook 840 G10"),
        ("Microsoft Corporation", "Surface Laptop 5"),
    ]
    static let requiredApps = ["Microsoft Outlook", "Microsoft Teams", "Microsoft Authenticator", "Company Portal"]
    static let availableApps = ["Microsoft Word", "Microsoft Excel", "OneDrive", "Zoom Workplace", "Adobe Acrobat Reader"]
    static let personalApps = ["Spotify", "WhatsApp", "Strava", "Duolingo", "Instagram", "Netflix", "Waze"]
}
