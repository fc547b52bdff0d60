from django.urls import path

from refwatch.protection import views

app_name = "protection"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/protect-span/", views.protect_span, name="protect_span"),
    path("people/<int:number>/", views.person_detail, name="person_detail"),
    path("people/<int:number>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:number>/consent/", views.person_consent, name="person_consent"),
    path("people/<int:number>/events/", views.person_add_event, name="person_add_event"),
    path("people/<int:number>/family/", views.person_add_link, name="person_add_link"),
    path("people/<int:number>/photos/", views.person_add_photo, name="person_add_photo"),
    path("people/<int:number>/photos/<int:photo_id>/", views.person_photo, name="person_photo"),
    path("people/<int:number>/export.json", views.person_export, name="person_export"),
    path("audit/", views.audit_list, name="audit_list"),
]
