// Settings → Endpoints: a session's regions in the order it calls them, and its fallback list for
// an IAM Identity Center instance replicated to additional regions. What is typed is checked by the
// same rule the config is written with (known regions, the first region's partition, none twice).
import { useEffect, useId, useState } from "react";
import { parseRegionList } from "../../../shared/region-list.js";
import { messageOf, sso } from "../api.js";

/** The fallbacks typed after the first region, or no problem when the field is left empty. */
function checkFallbacks(
  first: string,
  typed: string,
): { ok: true; regions: string[] } | { ok: false; message: string } {
  if (typed.trim() === "") return { ok: true, regions: [first] };
  return parseRegionList(`${first},${typed}`);
}

export function SessionRegionsField({ session }: { session: string }) {
  const id = useId();
  const [order, setOrder] = useState<string[] | undefined>();
  const [typed, setTyped] = useState("");
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    let live = true;
    sso()
      .setSessionRegions({ session })
      .then(
        (regions) => {
          if (!live) return;
          setOrder(regions);
          setTyped(regions.slice(1).join(", "));
        },
        (e: unknown) => live && setError(messageOf(e)),
      );
    return () => {
      live = false;
    };
  }, [session]);

  const first = order?.[0];
  if (!first) return error ? <p className="hint hint-error">{error}</p> : null;
  const checked = checkFallbacks(first, typed);
  const unchanged = checked.ok && checked.regions.join(",") === order.join(",");

  const save = async () => {
    if (!checked.ok) return;
    setError("");
    try {
      const regions = await sso().setSessionRegions({ session, regions: checked.regions });
      setOrder(regions);
      setTyped(regions.slice(1).join(", "));
      setTouched(false);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <form
      className="session-regions"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <span className="hint" data-region-order={session}>
        Regions in order: {order.join(" → ")}
      </span>
      <label>
        Fallback regions after {first}{" "}
        <input
          id={id}
          value={typed}
          placeholder="e.g. eu-central-1, eu-north-1"
          onChange={(e) => {
            setTyped(e.target.value);
            setTouched(true);
          }}
          aria-invalid={touched && !checked.ok}
          aria-describedby={`${id}-hint`}
        />
      </label>
      <p id={`${id}-hint`} className={touched && !checked.ok ? "hint hint-error" : "hint"}>
        {touched && !checked.ok
          ? checked.message
          : "Tried in this order when a region gives no answer; empty for none."}
      </p>
      <button type="submit" disabled={!checked.ok || unchanged}>
        Save regions
      </button>
      {error && (
        <p className="hint-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
