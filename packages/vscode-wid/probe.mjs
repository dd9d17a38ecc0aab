import { startWorld, defaultScenario } from "@wid/fake-cloud";
import { writeFileSync } from "node:fs";
console.error("starting");
const world = await startWorld(defaultScenario(), { dir: "/tmp/probe-world" });
console.error("started");
writeFileSync("/tmp/probe-env.json", JSON.stringify(world.env));
await new Promise((r) => setTimeout(r, 400000));
await world.close();
