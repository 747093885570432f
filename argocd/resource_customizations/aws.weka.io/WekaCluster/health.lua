-- Argo CD health check for aws.weka.io/WekaCluster.
--
-- Custom checks installed through argocd-cm run without Lua's string and math libraries, so this script
-- uses only base functions (ipairs, tonumber, tostring), table access and the .. operator. Numbers from
-- the resource arrive as Lua numbers (floats) and are compared as numbers.
--
-- Order matters:
--   1. being deleted                                  -> Progressing
--   2. no status yet                                  -> Progressing, waiting for the operator
--   3. Paused=True, seen at the current generation    -> Suspended (a paused operator leaves
--      status.observedGeneration behind on purpose, so this comes before the generation check)
--   4. status.observedGeneration < metadata.generation -> Progressing, waiting for the operator
--   5. phase Failed (Synced=False, terminal)          -> Degraded with the Synced reason and message
--   6. phase Degraded                                 -> Degraded with the reason and message of a False
--      BackendsLaunching or InstanceGroupsLaunching (AWS refuses the launches), else of Ready
--   7. Ready=True                                     -> Healthy
--   8. otherwise                                      -> Progressing with the Ready reason and message

local generation = tonumber(obj.metadata.generation)
local status = obj.status

local function condition(conditionType)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

-- "Reason: message", or whichever of the two is there, or the fallback.
local function describe(c, fallback)
  if c == nil then
    return fallback
  end
  local hasMessage = c.message ~= nil and c.message ~= ""
  if c.reason ~= nil and c.reason ~= "" and hasMessage then
    return c.reason .. ": " .. c.message
  end
  if hasMessage then
    return c.message
  end
  if c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

-- True when an observedGeneration covers metadata.generation.
local function observes(observedGeneration)
  if generation == nil then
    return true
  end
  local observed = tonumber(observedGeneration)
  return observed ~= nil and observed >= generation
end

local function waiting()
  if generation == nil then
    return { status = "Progressing", message = "Waiting for the operator to observe the WekaCluster" }
  end
  return { status = "Progressing",
           message = "Waiting for the operator to observe generation " .. tostring(obj.metadata.generation) }
end

if obj.metadata.deletionTimestamp ~= nil or (status ~= nil and status.phase == "Deleting") then
  return { status = "Progressing", message = "The WekaCluster is being deleted" }
end

if status == nil then
  return waiting()
end

local paused = condition("Paused")
if paused ~= nil and paused.status == "True"
    and (observes(paused.observedGeneration) or observes(status.observedGeneration)) then
  return { status = "Suspended", message = describe(paused, "Reconciliation is paused") }
end

if not observes(status.observedGeneration) then
  return waiting()
end

local ready = condition("Ready")
local synced = condition("Synced")
local syncFailed = synced ~= nil and synced.status == "False"

if status.phase == "Failed" then
  if syncFailed then
    return { status = "Degraded", message = describe(synced, "The last reconcile failed") }
  end
  return { status = "Degraded", message = describe(ready, "The last reconcile failed") }
end

if status.phase == "Degraded" then
  for _, launchingType in ipairs({ "BackendsLaunching", "InstanceGroupsLaunching" }) do
    local launching = condition(launchingType)
    if launching ~= nil and launching.status == "False" then
      return { status = "Degraded", message = describe(launching, "Instances cannot be launched") }
    end
  end
  if ready ~= nil and ready.status ~= "True" then
    return { status = "Degraded", message = describe(ready, "The WekaCluster is degraded") }
  end
  return { status = "Degraded", message = "The WekaCluster is degraded" }
end

if ready ~= nil and ready.status == "True" then
  return { status = "Healthy", message = describe(ready, "The WekaCluster is ready") }
end

local message = describe(ready, "Waiting for the WekaCluster to become ready")
if syncFailed then
  message = message .. " (retrying after " .. describe(synced, "a failed reconcile") .. ")"
end
return { status = "Progressing", message = message }
