/// What a hero's look is made of: the choices the wizard offers, `heroes create` accepts
/// and the portrait knows how to draw. A visual profile holds these names.
public enum Looks {
    public static let hairColors = [
        "black", "brown", "auburn", "red", "ginger", "blonde", "grey", "white", "blue", "pink", "purple", "green",
    ]
    public static let hairStyles = ["short", "long", "curly", "afro", "bob", "braids", "ponytail", "bun", "spiky", "bald"]
    public static let eyeColors = ["brown", "dark", "hazel", "green", "blue", "grey", "amber"]
    public static let skinTones = ["porcelain", "light", "medium", "olive", "tan", "brown", "dark", "deep"]
    public static let clothingStyles = [
        "t-shirt", "hoodie", "dress", "overalls", "sweater", "adventurer", "cape", "armour", "lab coat", "uniform",
    ]
    public static let features = [
        "glasses", "freckles", "rosy cheeks", "hat", "crown", "bow", "scarf", "headphones", "earrings", "eye patch",
        "star mark", "flower",
    ]
    /// The colours of clothes and accessories (the palette: main colour first).
    public static let colors = [
        "red", "orange", "yellow", "green", "teal", "blue", "navy", "purple", "pink", "brown", "black", "white", "grey",
        "gold",
    ]
    public static let maxFeatures = 4
    public static let maxColors = 3
}

extension VisualProfile {
    /// The profile with every empty field chosen from `seed`, so a hero created without
    /// saying how they look still gets a look of their own (and keeps it for every portrait).
    public func filled(seed: UInt64) -> VisualProfile {
        var random = SeededRandom(seed: seed, stream: "looks")
        var profile = self
        // A draw for every field, used or not: giving one field never changes the others.
        func choose(_ value: inout String, from options: [String]) {
            let pick = random.pick(options)!
            if value.isEmpty { value = pick }
        }
        choose(&profile.hairColor, from: Looks.hairColors.filter { !["blue", "pink", "purple", "green"].contains($0) })
        choose(&profile.hairStyle, from: Looks.hairStyles)
        choose(&profile.eyeColor, from: Looks.eyeColors)
        choose(&profile.skinTone, from: Looks.skinTones)
        choose(&profile.clothingStyle, from: Looks.clothingStyles)
        let colors = random.shuffled(Looks.colors.filter { !["black", "white", "grey"].contains($0) })
        if profile.colorPalette.isEmpty { profile.colorPalette = Array(colors.prefix(2)) }
        return profile
    }

    /// Each field is one of `Looks`' names (or empty), with at most four features and
    /// three colours, none twice.
    public func validate() -> [ValidationError] {
        var errors: [ValidationError] = []
        func check(_ value: String, _ options: [String], field: String, label: String) {
            guard !value.isEmpty, !options.contains(value) else { return }
            errors.append(ValidationError(
                field: field, message: "\(label) \"\(value)\" is not one Forktale can draw; choose one of: \(options.joined(separator: ", "))."))
        }
        check(hairColor, Looks.hairColors, field: "hair_color", label: "Hair colour")
        check(hairStyle, Looks.hairStyles, field: "hair_style", label: "Hair style")
        check(eyeColor, Looks.eyeColors, field: "eye_color", label: "Eye colour")
        check(skinTone, Looks.skinTones, field: "skin_tone", label: "Skin tone")
        check(clothingStyle, Looks.clothingStyles, field: "clothing_style", label: "Clothing")
        for feature in distinctiveFeatures { check(feature, Looks.features, field: "distinctive_features", label: "Feature") }
        for color in colorPalette { check(color, Looks.colors, field: "color_palette", label: "Colour") }
        if distinctiveFeatures.count > Looks.maxFeatures || Set(distinctiveFeatures).count < distinctiveFeatures.count {
            errors.append(ValidationError(
                field: "distinctive_features", message: "Choose at most \(Looks.maxFeatures) different features."))
        }
        if colorPalette.count > Looks.maxColors || Set(colorPalette).count < colorPalette.count {
            errors.append(ValidationError(field: "color_palette", message: "Choose at most \(Looks.maxColors) different colours."))
        }
        return errors
    }
}
