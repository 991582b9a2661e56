{{/* The release notes; NOTES.txt prints them (a named template so tests can render it). */}}
{{- define "otelcol-audit.notes" -}}
{{- $fullname := include "otelcol-audit.fullname" . -}}
otelcol-audit {{ .Values.image.tag | default .Chart.AppVersion }} is installed as the StatefulSet {{ $fullname }} in namespace {{ .Release.Namespace }}.

Watch it start (the pod is ready once every pipeline runs):
  kubectl -n {{ .Release.Namespace }} rollout status statefulset/{{ $fullname }}
  kubectl -n {{ .Release.Namespace }} logs statefulset/{{ $fullname }} --tail=50
{{- if .Values.service.enabled }}

Send OTLP to {{ $fullname }}.{{ .Release.Namespace }}.svc:4317 (gRPC) / :4318 (HTTP), when the config has an otlp receiver.
Self-metrics (Prometheus): kubectl -n {{ .Release.Namespace }} port-forward svc/{{ $fullname }} 8888 && curl localhost:8888/metrics
{{- end }}
{{- if not .Values.persistence.enabled }}

WARNING: persistence.enabled is false: checkpoints and persistent queues live in an emptyDir
at {{ .Values.persistence.mountPath }} and are lost whenever the pod is deleted or rescheduled.
The audit receivers then start over from their lookback window (duplicates) and anything in a
persistent sending queue is lost. Enable persistence for production.
{{- end }}
{{- if gt (int .Values.replicaCount) 1 }}

WARNING: replicaCount is {{ .Values.replicaCount }}. Every replica runs every pipeline: a polling
audit receiver in the config delivers each event once per replica.
{{- end }}
{{- if .Values.configMap.create }}
{{- $service := get (.Values.config | default dict) "service" | default dict }}
{{- $extensions := get $service "extensions" | default list }}
{{- if not (has "health_check" $extensions) }}

WARNING: config.service.extensions does not list health_check: the liveness and readiness
probes (port {{ .Values.healthCheck.port }}) will fail. Add health_check (endpoint 0.0.0.0:{{ .Values.healthCheck.port }}).
{{- end }}
{{- $config := include "otelcol-audit.config" . }}
{{- range $row := include "otelcol-audit.secretTable" . | fromYamlArray }}
{{- $section := index $.Values $row.source }}
{{- $existing := include "otelcol-audit.existingSecret" (dict "root" $ "source" $row.source) }}
{{- if and (contains (printf "${env:%s}" $row.env) $config) (not (index $section $row.value)) (not $existing) }}

NOTE: the config reads ${env:{{ $row.env }}} but neither {{ $row.source }}.{{ $row.value }} nor
{{ $row.source }}.existingSecret is set. Provide it through extraEnv/extraEnvFrom, or it expands to "".
{{- end }}
{{- end }}
{{- end }}
{{- end }}
