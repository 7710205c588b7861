import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useMemo, useRef } from "react";
import { accountEnvironment } from "../domain/environment.js";
import type { AccountItem, ListItem, ListModel } from "../domain/list-items.js";
import { roleKey } from "../domain/rows.js";
import { openConsole, requestRoles } from "../role-actions.js";
import { useSettings } from "../stores/settings.js";
import { useSelectedIndex } from "../stores/list-model.js";
import { useUi } from "../stores/ui.js";
import { RoleActions } from "./RoleActions.js";

const HEADER_HEIGHT = 22;
const ACCOUNT_HEIGHT = 44;
const ACTIONS_HEIGHT = 36;

/** The selected role's actions, drawn as a row of the list right under its account. */
interface ActionsItem {
  kind: "actions";
  key: string;
}

/**
 * Every account as a compact row (name, environment, id; its roles as chips), virtualised: only
 * the rows on screen exist in the DOM, so 10,000 accounts scroll like 10. The role the user chose
 * gets its actions in a row right below its account. Rows are placed with transforms through
 * React's style prop (CSSOM, which the Content-Security-Policy allows; style attributes in HTML
 * it does not). Each account's roles are a listbox of their own, so the actions row, which holds
 * buttons, is never inside a listbox.
 */
export function RoleList({ model }: { model: ListModel }) {
  const scroller = useRef<HTMLDivElement>(null);
  const selected = useSelectedIndex(model);
  const chosen = useUi((s) => s.selectedKey !== undefined);
  const favoriteRefs = useSettings((s) => s.settings.favorites);
  const favorites = useMemo(() => new Set(favoriteRefs.map(roleKey)), [favoriteRefs]);

  const selectedItem = model.chipItem[selected];
  // Nothing chosen yet (a fresh list, or while typing): the first role is where Enter goes, but
  // the list keeps every row for browsing.
  const actionsAt = chosen && selectedItem !== undefined ? selectedItem + 1 : -1;
  const shown = useMemo<Array<ListItem | ActionsItem>>(
    () =>
      actionsAt < 0
        ? model.items
        : [
            ...model.items.slice(0, actionsAt),
            { kind: "actions", key: "actions" },
            ...model.items.slice(actionsAt),
          ],
    [model.items, actionsAt],
  );

  // The compiler leaves this component unmemoised: the virtualizer's answers change as the list
  // scrolls, and the component must render again when they do.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => {
      const kind = shown[i]?.kind;
      return kind === "header"
        ? HEADER_HEIGHT
        : kind === "actions"
          ? ACTIONS_HEIGHT
          : ACCOUNT_HEIGHT;
    },
    getItemKey: (i) => shown[i]?.key ?? i,
    overscan: 6,
  });

  useEffect(() => {
    if (selectedItem === undefined) return;
    // With its actions open, keep the actions row in view too.
    virtualizer.scrollToIndex(actionsAt >= 0 ? actionsAt : selectedItem, { align: "auto" });
  }, [selectedItem, actionsAt, virtualizer]);

  if (model.items.length === 0) {
    return (
      <div className="role-list empty" id="role-list" aria-label="Accounts and roles">
        <p className="muted">
          {useUi.getState().query ? "No account or role matches." : "No accounts yet."}
        </p>
      </div>
    );
  }

  return (
    <div ref={scroller} className="role-list" id="role-list" aria-label="Accounts and roles">
      <div className="role-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const item = shown[v.index] as ListItem | ActionsItem;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              className="virtual-row"
              style={{ transform: `translateY(${v.start}px)` }}
            >
              {item.kind === "header" ? (
                <h2 className="section-header">{item.label}</h2>
              ) : item.kind === "actions" ? (
                <RoleActions model={model} />
              ) : (
                <AccountRow
                  item={item}
                  selected={selected}
                  open={
                    actionsAt >= 0 &&
                    item.firstChip <= selected &&
                    selected < item.firstChip + item.rows.length
                  }
                  favorites={favorites}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const AccountRow = memo(function AccountRow({
  item,
  selected,
  open,
  favorites,
}: {
  item: AccountItem;
  selected: number;
  open: boolean;
  favorites: ReadonlySet<string>;
}) {
  const select = useUi((s) => s.select);
  const { account } = item;
  const name = account.alias ?? account.accountName;
  const chosen = useSettings((s) => s.settings.accounts[account.accountId]?.environment);
  const environment = accountEnvironment({ ...account, chosen });
  const tooltip = [
    account.alias ? `${account.alias} (${account.accountName})` : account.accountName,
    account.emailAddress,
  ].join("\n");
  return (
    <div
      className={open ? "account has-selection" : "account"}
      data-account-id={account.accountId}
      data-session={account.session}
      data-environment={environment}
      style={account.color ? { borderInlineStartColor: account.color } : undefined}
    >
      <div className="account-line">
        {/* The whole name shows on the chosen row and in the tooltip; an alias always has the
            portal's name beside it, so the two can never be mistaken for one another. */}
        <span className="account-title" title={tooltip}>
          <span className="account-name">{name}</span>
          {account.alias && <span className="muted account-real-name">{account.accountName}</span>}
        </span>
        <span className="env-cell">
          {environment && <span className={`env-tag env-${environment}`}>{environment}</span>}
        </span>
        <Email address={account.emailAddress} />
        <span className="account-id mono">{account.accountId}</span>
      </div>
      <div className="chips" role="listbox" aria-label={`Roles in ${name}`}>
        {item.rows.map((row, i) => {
          const chip = item.firstChip + i;
          const state = row.state === "ready" ? "" : ` ${row.state}`;
          return (
            <span
              key={chip}
              id={`chip-${chip}`}
              role="option"
              aria-selected={chip === selected}
              aria-busy={row.state === "pending" || undefined}
              // A stand-in for roles still on their way is not a role: it is never drawn as chosen.
              className={
                (chip === selected && row.state !== "pending" ? "chip selected" : "chip") + state
              }
              title={
                row.state === "gone"
                  ? "No longer assigned to you"
                  : row.chain
                    ? `Chained from ${row.roleName} by the profile ${row.chain.profile}: ${row.chain.roleArn}`
                    : row.entitled
                      ? `Entitled by account access manager: ${row.entitled.roleArn}`
                      : undefined
              }
              data-profile={row.chain?.profile}
              data-role-arn={row.entitled?.roleArn}
              data-account-id={row.accountId}
              data-role-name={row.roleName}
              data-state={row.state}
              onClick={() => {
                select(chip, row.key);
                requestRoles(row);
              }}
              onDoubleClick={() => void openConsole(row)}
            >
              {favorites.has(row.key) && (
                <span className="star" aria-label="favourite">
                  ★{" "}
                </span>
              )}
              {row.state === "pending"
                ? "roles…"
                : row.chain
                  ? `${row.roleName} → ${row.chain.roleName} (${row.chain.accountId})`
                  : row.roleName}
              {row.entitled && (
                <>
                  {" "}
                  <span className="entitlement-badge">entitlement</span>
                </>
              )}
            </span>
          );
        })}
      </div>
    </div>
  );
});

/** Characters kept at the end of an e-mail's local part, before the domain, when it is cut. */
const EMAIL_TAIL = 8;

/**
 * An e-mail cut in the middle where it does not fit: "aws+payme…ents-prod@example.com". Its start
 * and its end (which tell accounts apart when they share a prefix) stay; CSS cuts the head only.
 */
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf("@");
  const split = at < 0 ? Math.max(0, address.length - EMAIL_TAIL) : Math.max(0, at - EMAIL_TAIL);
  return (
    <span className="account-email muted" title={address}>
      <span className="email-head">{address.slice(0, split)}</span>
      <span className="email-tail">{address.slice(split)}</span>
    </span>
  );
}
