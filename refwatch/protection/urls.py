from django.urls import path

from refwatch.protection import views

app_name = "protection"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<int:number>/", views.person_detail, name="person_detail"),
    path("people/<int:number>/photos/<int:photo_id>/", views.person_photo, name="person_photo"),
    path("people/<int:number>/export.json", views.person_export, name="person_export"),
    path("audit/", views.audit_list, name="audit_list"),
]
