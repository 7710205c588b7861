import { useId, useMemo, useState } from "react";
import { IDENTITY_CENTER_REGIONS } from "../../../shared/regions.js";

interface Props {
  label: string;
  value: string;
  onChange(region: string): void;
  /** Regions to offer; IAM Identity Center's by default. */
  regions?: readonly string[];
}

/** A region list with a filter box above it: type "eu" and pick with the arrow keys. */
export function RegionPicker({ label, value, onChange, regions = IDENTITY_CENTER_REGIONS }: Props) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = f ? regions.filter((r) => r.includes(f)) : regions;
    return list.includes(value) || !value ? list : [value, ...list];
  }, [filter, regions, value]);
  return (
    <div className="field region-picker">
      <label htmlFor={`${id}-filter`}>{label}</label>
      <input
        id={`${id}-filter`}
        type="search"
        placeholder="Filter regions, e.g. eu"
        value={filter}
        aria-controls={`${id}-list`}
        onChange={(e) => {
          setFilter(e.target.value);
          const f = e.target.value.trim().toLowerCase();
          const first = regions.find((r) => r.includes(f));
          if (f && first && !value.includes(f)) onChange(first);
        }}
        onKeyDown={(e) => {
          if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
          e.preventDefault();
          const at = shown.indexOf(value);
          const next =
            shown[Math.min(shown.length - 1, Math.max(0, at + (e.key === "ArrowDown" ? 1 : -1)))];
          if (next) onChange(next);
        }}
      />
      <select
        id={`${id}-list`}
        aria-label={label}
        size={5}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {shown.map((region) => (
          <option key={region} value={region}>
            {region}
          </option>
        ))}
      </select>
    </div>
  );
}
