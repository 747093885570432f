{{/* Chart name. */}}
{{- define "weka-aws-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart>, or <release> when it already contains the chart name. */}}
{{- define "weka-aws-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "weka-aws-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "weka-aws-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "weka-aws-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "weka-aws-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: weka-aws-operator
{{- end }}

{{- define "weka-aws-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "weka-aws-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image by digest when one is given (immutable), else by tag (the chart's appVersion by default). */}}
{{- define "weka-aws-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{- define "weka-aws-operator.leaseName" -}}
{{- default (printf "%s-lease" (include "weka-aws-operator.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{/* The rules the operator needs in every namespace it watches. */}}
{{- define "weka-aws-operator.watchRules" -}}
- apiGroups: ["aws.weka.io"]
  resources: ["wekaclusters"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["aws.weka.io"]
  resources: ["wekaclusters/status"]
  verbs: ["patch", "update"]
- apiGroups: ["aws.weka.io"]
  resources: ["wekaclusters/finalizers"]
  verbs: ["update"]
# get: the WEKA token and AWS credential Secrets a WekaCluster references, and the Secrets the operator writes;
# create and delete: the generated SSH key's Secret (deleted with a WekaCluster deleted with deletionPolicy
# Delete) and the CSI plugin's Secret (spec.csiSecret; deleted when turned off or renamed); update: the latter,
# when the backends change.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* Fail early on combinations that cannot work. */}}
{{- define "weka-aws-operator.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicas > 1 needs leaderElection.enabled=true: two active operators would fight over the same AWS resources" }}
{{- end }}
{{- if gt (int .Values.replicas) 2 }}
{{- fail "replicas must be 0, 1 or 2: only one replica is ever active" }}
{{- end }}
{{- if not (has .Values.logFormat (list "text" "json")) }}
{{- fail "logFormat must be text or json" }}
{{- end }}
{{- end }}
