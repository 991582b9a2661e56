{{/* Names, labels and the env var tables shared by the templates (Helm 3.6 functions only). */}}

{{- define "otelcol-audit.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "otelcol-audit.fullname" -}}
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

{{- define "otelcol-audit.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "otelcol-audit.selectorLabels" -}}
app.kubernetes.io/name: {{ include "otelcol-audit.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "otelcol-audit.labels" -}}
helm.sh/chart: {{ include "otelcol-audit.chart" . }}
{{ include "otelcol-audit.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "otelcol-audit.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "otelcol-audit.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "otelcol-audit.configMapName" -}}
{{- if .Values.configMap.create }}
{{- include "otelcol-audit.fullname" . }}
{{- else }}
{{- required "configMap.existingConfigMap is required when configMap.create is false" .Values.configMap.existingConfigMap }}
{{- end }}
{{- end }}

{{- define "otelcol-audit.configMapKey" -}}
{{- if .Values.configMap.create }}config.yaml{{ else }}{{ .Values.configMap.existingConfigMapKey }}{{ end }}
{{- end }}

{{/* The rendered collector config (also hashed into the pod's checksum/config annotation). */}}
{{- define "otelcol-audit.config" -}}
{{- toYaml .Values.config }}
{{- end }}

{{/*
Secret env vars: source values section, value key, env var name, and whether a key missing from
an existingSecret is tolerated (sources that accept one of two credentials).
*/}}
{{- define "otelcol-audit.secretTable" -}}
- {source: castai, value: apiKey, env: CASTAI_API_KEY, optional: false}
- {source: runai, value: clientSecret, env: RUNAI_CLIENT_SECRET, optional: true}
- {source: runai, value: token, env: RUNAI_TOKEN, optional: true}
- {source: kestra, value: password, env: KESTRA_PASSWORD, optional: true}
- {source: kestra, value: token, env: KESTRA_TOKEN, optional: true}
- {source: astra, value: token, env: ASTRA_TOKEN, optional: false}
{{- end }}

{{/* Plain env vars: set when the value is non-empty, or always. */}}
{{- define "otelcol-audit.plainTable" -}}
- {source: castai, value: apiURL, env: CASTAI_API_URL, always: true}
- {source: castai, value: clusterID, env: CASTAI_CLUSTER_ID, always: true}
- {source: runai, value: url, env: RUNAI_URL, always: false}
- {source: runai, value: clientID, env: RUNAI_CLIENT_ID, always: false}
- {source: kestra, value: url, env: KESTRA_URL, always: false}
- {source: kestra, value: tenant, env: KESTRA_TENANT, always: false}
- {source: kestra, value: username, env: KESTRA_USERNAME, always: false}
- {source: astra, value: pulsarURL, env: ASTRA_PULSAR_URL, always: false}
- {source: astra, value: topic, env: ASTRA_TOPIC, always: false}
{{- end }}

{{/* The existing Secret named for a source ("" when none); CAST AI also takes apiKeySecretRef. */}}
{{- define "otelcol-audit.existingSecret" -}}
{{- $section := index .root.Values .source }}
{{- $name := $section.existingSecret | default "" }}
{{- if and (eq .source "castai") (not $name) }}
{{- $name = $section.apiKeySecretRef | default "" }}
{{- end }}
{{- $name }}
{{- end }}

{{/* Fails the render on contradictory secret settings. */}}
{{- define "otelcol-audit.checkSecrets" -}}
{{- range $row := include "otelcol-audit.secretTable" . | fromYamlArray }}
{{- $section := index $.Values $row.source }}
{{- $existing := include "otelcol-audit.existingSecret" (dict "root" $ "source" $row.source) }}
{{- if and (index $section $row.value) $existing }}
{{- fail (printf "%s.%s and %s.existingSecret are mutually exclusive: set one" $row.source $row.value $row.source) }}
{{- end }}
{{- end }}
{{- if and .Values.castai.existingSecret .Values.castai.apiKeySecretRef }}
{{- fail "castai.existingSecret and castai.apiKeySecretRef are mutually exclusive: set one" }}
{{- end }}
{{- if and .Values.castai.clusterID (.Values.castai.clusterIdSecretKeyRef | default dict).name }}
{{- fail "castai.clusterID and castai.clusterIdSecretKeyRef are mutually exclusive: set one" }}
{{- end }}
{{- end }}

{{/* Whether the chart's own Secret has any data. */}}
{{- define "otelcol-audit.hasSecretData" -}}
{{- range $row := include "otelcol-audit.secretTable" . | fromYamlArray }}
{{- if index (index $.Values $row.source) $row.value }}true{{ end }}
{{- end }}
{{- end }}

{{/* The env list of the collector container. */}}
{{- define "otelcol-audit.env" -}}
{{- include "otelcol-audit.checkSecrets" . }}
{{- range $row := include "otelcol-audit.plainTable" . | fromYamlArray }}
{{- $section := index $.Values $row.source }}
{{- $value := index $section $row.value }}
{{- $fromSecret := "" }}
{{- if eq $row.env "CASTAI_CLUSTER_ID" }}
{{- $fromSecret = ($section.clusterIdSecretKeyRef | default dict).name }}
{{- end }}
{{- if $fromSecret }}
- name: CASTAI_CLUSTER_ID
  valueFrom:
    secretKeyRef:
      name: {{ $fromSecret | quote }}
      key: {{ $section.clusterIdSecretKeyRef.key | default "CASTAI_CLUSTER_ID" | quote }}
{{- else if or $row.always $value }}
- name: {{ $row.env }}
  value: {{ $value | default "" | toString | quote }}
{{- end }}
{{- end }}
{{- range $row := include "otelcol-audit.secretTable" . | fromYamlArray }}
{{- $section := index $.Values $row.source }}
{{- $existing := include "otelcol-audit.existingSecret" (dict "root" $ "source" $row.source) }}
{{- if index $section $row.value }}
- name: {{ $row.env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "otelcol-audit.fullname" $ }}
      key: {{ $row.env }}
{{- else if $existing }}
- name: {{ $row.env }}
  valueFrom:
    secretKeyRef:
      name: {{ $existing | quote }}
      key: {{ $row.env }}
      {{- if $row.optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
