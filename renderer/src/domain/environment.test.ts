import { describe, expect, it } from "vitest";
import { accountEnvironment, environmentOf } from "./environment.js";

describe("environmentOf", () => {
  it("reads production, staging, development and sandbox from a word of the name", () => {
    expect(environmentOf("payments-prod")).toBe("prod");
    expect(environmentOf("Production Billing")).toBe("prod");
    expect(environmentOf("web_stg_eu")).toBe("staging");
    expect(environmentOf("messaging-backend-preprod")).toBe("staging");
    expect(environmentOf("data-dev")).toBe("dev");
    expect(environmentOf("alice.sandbox")).toBe("sandbox");
  });

  it("splits camel case into words", () => {
    expect(environmentOf("PaymentsProd")).toBe("prod");
    expect(environmentOf("checkoutStaging")).toBe("staging");
  });

  it("does not find an environment inside a longer word", () => {
    expect(environmentOf("products-catalog")).toBeUndefined();
    expect(environmentOf("devops-tools")).toBeUndefined();
    expect(environmentOf("livestream")).toBeUndefined();
    expect(environmentOf("")).toBeUndefined();
  });

  it("lets the last environment word win", () => {
    expect(environmentOf("prod-tools-sandbox")).toBe("sandbox");
    expect(environmentOf("dev-to-prod")).toBe("prod");
  });
});

describe("accountEnvironment", () => {
  it("takes the user's choice, then the alias they gave, then the account's own name", () => {
    expect(
      accountEnvironment({ accountName: "billing-preprod", alias: "billing-prod", chosen: "dev" }),
    ).toBe("dev");
    expect(accountEnvironment({ accountName: "billing-preprod", alias: "billing-prod" })).toBe(
      "prod",
    );
    expect(accountEnvironment({ accountName: "billing-preprod", alias: "billing" })).toBe(
      "staging",
    );
    expect(accountEnvironment({ accountName: "123 core", alias: "core-prod" })).toBe("prod");
    expect(accountEnvironment({ accountName: "core", chosen: "sandbox" })).toBe("sandbox");
    expect(accountEnvironment({ accountName: "core" })).toBeUndefined();
  });
});
