// A short text field inside a row of a Settings form: its caption beside it, and a name for screen
// readers that may say more than the caption (the caption "and role" reads "From role").
export function InlineTextField(props: {
  caption: string;
  /** The field's accessible name; the caption when not given. */
  name?: string;
  value: string;
  maxLength: number;
  placeholder?: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="inline-field">
      <span className="muted">{props.caption}</span>
      <input
        aria-label={props.name ?? props.caption}
        value={props.value}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
