// A whole v2 app (issue #28, "Done when"), served with JOB_SET=exec only when APP_JOBS=1, for
// v2app/WholeV2AppTest: an order placed by client.sendEvent goes through every server-side
// feature an app without integrations uses, and the jobs it reaches report what the SDK gave them.
//
//   app-order     (event kf.app.order.placed) counts orders in io.store.env, prices the order with
//                 io.backgroundFetch, waits for an approval POSTed to its callback URL
//                 (io.waitForRequest), tells shipping with io.sendEvent, waits for the carrier's
//                 delivery event (io.waitForEvent), registers a reminder (io.registerInterval) and
//                 keeps a run-scoped note (io.store.run)
//   app-shipping  (event kf.app.order.shipped) records the shipment in io.store.env
//   app-reminder  (dynamic schedule app-reminders) reads the shipment of the order its
//                 registration's key names

import { eventTrigger } from "@trigger.dev/sdk";

/** @param {import("@trigger.dev/sdk").TriggerClient} client */
export function defineAppJobs(client) {
  if (process.env.APP_JOBS !== "1") return;
  const reminders = client.defineDynamicSchedule({ id: "app-reminders" });

  client.defineJob({
    id: "app-order",
    name: "Order placed",
    version: "1.0.0",
    trigger: eventTrigger({ name: "kf.app.order.placed" }),
    run: async (payload, io, ctx) => {
      const seen = ((await io.store.env.get("get-count", "orders-seen")) ?? 0) + 1;
      await io.store.env.set("set-count", "orders-seen", seen);
      await io.store.run.set("note", "note", { placedBy: payload.customer });
      const price = await io.backgroundFetch("price", `${payload.pricing}?sku=${payload.sku}`);
      const approval = await io.waitForRequest(
        "approval",
        async (url) => {
          await io.runTask("share-url", async () => ({ url }), { name: "share-url" });
        },
        { timeoutInSeconds: 120 }
      );
      await io.sendEvent("ship", { name: "kf.app.order.shipped", payload: { orderId: payload.orderId } });
      const delivered = await io.waitForEvent(
        "delivered",
        { name: "kf.app.order.delivered", source: "carrier", filter: { orderId: [payload.orderId] } },
        { timeoutInSeconds: 120 }
      );
      const reminder = await io.registerInterval("remind", reminders, `order-${payload.orderId}`, {
        seconds: 3600,
      });
      const note = await io.store.run.get("read-note", "note");
      return {
        run: ctx.run.id,
        seen,
        price,
        approval,
        delivered: { payload: delivered.payload, source: delivered.source },
        reminder: { id: reminder.id, active: reminder.active, schedule: reminder.schedule },
        note,
      };
    },
  });

  client.defineJob({
    id: "app-shipping",
    name: "Order shipped",
    version: "1.0.0",
    trigger: eventTrigger({ name: "kf.app.order.shipped" }),
    run: async (payload, io) => {
      await io.store.env.set("record", `shipment-${payload.orderId}`, { orderId: payload.orderId, carrier: "kf" });
      return { shipped: payload.orderId };
    },
  });

  client.defineJob({
    id: "app-reminder",
    name: "Order reminder",
    version: "1.0.0",
    trigger: reminders,
    run: async (payload, io, ctx) => {
      const orderId = ctx.source.id.replace(/^order-/, "");
      const shipment = await io.store.env.get("shipment", `shipment-${orderId}`);
      return { source: ctx.source.id, shipment };
    },
  });
}
