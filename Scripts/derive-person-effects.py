#!/usr/bin/env python3
"""Derive a profile set's person effects from a signature that weighs postcode age and
household shares (the model before person cells), and write the set in the cell form.

    python3 Scripts/derive-person-effects.py OLD-SET.json DATASET.gpkg NEW-SET.json

DATASET.gpkg is a dataset built with OLD-SET.json; its metadata holds the national mean
μ of every feature. A weight w on the share feature f (per national standard deviation
of the postcode share) becomes a log-odds effect per person w / sqrt(μ_f (1 - μ_f)): the
same weight per standard deviation of the person-level indicator "has the attribute".
Weights on features that map to the same attribute add up. Docs/profile-model.md §6
explains the derivation and its limits.
"""
import json
import sqlite3
import sys

# Which person attribute a postcode share feature stands for.
ATTRIBUTE = {
    "age_15_24": "age_15_24",
    "age_25_44": "age_25_44",
    "age_45_64": "age_45_64",
    "age_65_74": "age_65_74",
    "age_75_plus": "age_75_plus",
    "age_0_14": "with_children",
    "hh_two_parent": "with_children",
    "hh_single_parent": "with_children",
}
PERSON = ["age_15_24", "age_25_44", "age_45_64", "age_65_74", "age_75_plus", "with_children"]
CONTEXT = ["hh_single", "hh_couple", "household_size", "owner_occupied", "corporation_rent", "house_value",
           "benefit_rate", "migration_western", "migration_non_western", "urbanity", "address_density",
           "dwellings_pre_1945", "dwellings_2005_later", "multi_family"]
# Context weights that described a person rather than the place, dropped with the reason.
DROPPED = {
    ("zorgzame-senioren", "hh_single"): "older residents living alone is a fact about persons that the 65-74 and 75+ cells now carry; as a place feature it would point to postcodes of young singles (student and starter districts), the opposite of its intent",
}


def derive(old, means):
    new = dict(old)
    new["attributes"] = {"person": PERSON, "context": CONTEXT}
    profiles = []
    for profile in old["profiles"]:
        profile = dict(profile)
        effects = {}
        reasons = {}
        signature = []
        for weight in profile.get("signature", []):
            feature = weight["feature"]
            if feature in ATTRIBUTE:
                attribute = ATTRIBUTE[feature]
                mu = means[feature]
                sd = (mu * (1 - mu)) ** 0.5
                effects[attribute] = effects.get(attribute, 0.0) + weight["weight"] / sd
                reasons.setdefault(attribute, []).append(
                    f"{weight['weight']:+.2f} on {feature} / sqrt({mu:.4f} x {1 - mu:.4f}) = {weight['weight'] / sd:+.3f}"
                    f" (was: {weight['rationale']})")
            elif (profile["id"], feature) in DROPPED:
                reasons.setdefault("dropped", []).append(
                    f"the former context weight {weight['weight']:+.2f} on {feature} is dropped: {DROPPED[(profile['id'], feature)]}")
            else:
                signature.append(weight)
        person = []
        for attribute in PERSON:
            if attribute not in effects:
                continue
            text = "Derived from the postcode-share signature: weight per national SD of the share divided by the person-level SD sqrt(mu(1-mu)), mu the national share (CBS 2020): " + "; ".join(reasons[attribute])
            person.append({"attribute": attribute, "effect": round(effects[attribute], 3), "basis": {"assumption": text}})
        if "dropped" in reasons and person:
            person[-1]["basis"]["assumption"] += ". Also: " + "; ".join(reasons["dropped"])
        profile["signature"] = signature
        profile["person_effects"] = person
        profiles.append(profile)
    new["profiles"] = profiles
    new["version"] = "2.0.0"
    new["description"] = old.get("description", "") + (
        " Since version 2.0.0 the profiles are estimated for adults (15+) per person cell inside each postcode:"
        " person effects tie them to age bands and living with children, derived from the earlier age and family"
        " weights, and the signature weighs only the place's context (Docs/profile-model.md).")
    return new


def dump(value, indent=0, inline=False):
    """JSON in the style of the set files: small objects and signature entries on one line."""
    pad = "  " * indent
    if isinstance(value, dict):
        one = "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {dump(v, 0, True)}" for k, v in value.items()) + " }"
        if inline or len(one) + len(pad) <= 110 or not value:
            return one if value else "{}"
        items = [f"{pad}  {json.dumps(k, ensure_ascii=False)}: {dump(v, indent + 1, k == 'basis')}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if inline:
            return "[" + ", ".join(dump(v, 0, True) for v in value) + "]"
        if all(isinstance(v, str) for v in value):
            return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
        if not value:
            return "[]"
        entries = [pad + "  " + dump(v, indent + 1, isinstance(v, dict) and ("feature" in v or "attribute" in v)) for v in value]
        return "[\n" + ",\n".join(entries) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def main():
    old_path, dataset, new_path = sys.argv[1:4]
    with open(old_path, encoding="utf-8") as f:
        old = json.load(f)
    row = sqlite3.connect(dataset).execute("select value from geoprofile_metadata where key = 'model'").fetchone()
    means = json.loads(row[0])["standardisation"]["mean"]
    with open(new_path, "w", encoding="utf-8") as f:
        f.write(dump(derive(old, means)) + "\n")


if __name__ == "__main__":
    main()
